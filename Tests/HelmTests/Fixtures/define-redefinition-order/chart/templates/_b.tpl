{{- define "red.name" }}from-b{{ end }}
{{- define "red.empty" }}from-b-body{{ end }}
