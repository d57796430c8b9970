{{- define "reqinc.host" -}}
{{ required "db.host must be set" .Values.db.host }}
{{- end -}}
