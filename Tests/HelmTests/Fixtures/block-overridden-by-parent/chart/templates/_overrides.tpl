{{- define "sub.greeting" -}}
hello from parent {{ .Chart.Name }}
{{- end -}}
