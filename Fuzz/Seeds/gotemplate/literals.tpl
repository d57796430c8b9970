{{ .Values.name | upper }}{{/* comment */}} {{- "trimmed" -}} {{ 1.5e3 }} {{ 0x1F }} {{ 'c' }} {{ nil | default "d" }}
