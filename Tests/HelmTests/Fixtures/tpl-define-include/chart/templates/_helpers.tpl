{{- define "fromfile" -}}
file {{ .Chart.Name }}
{{- end -}}
