{{- define "red.name" }}from-a{{ end }}
{{- define "red.empty" }}  {{/* nothing here */}}  {{ end }}
