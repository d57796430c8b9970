{{- define "incdict.port" -}}
name: {{ .name }}
port: {{ .port }}
release: {{ .root.Release.Name }}
{{- end -}}
