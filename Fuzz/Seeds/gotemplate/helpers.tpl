{{- define "app.name" -}}
{{ default .Release.Name .Values.name | trunc 63 | trimSuffix "-" }}
{{- end -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.name" . | default (printf "%s-x" .Release.Name) }}
  labels:
    {{- range $k, $v := .Values.labels }}
    {{ $k }}: {{ $v | quote }}
    {{- end }}
spec:
  replicas: {{ .Values.replicas | int }}
  template:
    spec:
      containers:
        - image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default "latest" }}"
          ports:
          {{- range $i, $p := .Values.ports }}
            - containerPort: {{ $p }}{{ if eq $i 0 }} # first{{ end }}
          {{- end }}
