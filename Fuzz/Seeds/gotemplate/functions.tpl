{{ $d := dict "a" 1 "b" (list 1 2 3) }}{{ $d | toYaml }}
{{ fromYaml "x: [1, 2]" | toJson }} {{ toJson .Values | b64enc | b64dec }}
{{ regexReplaceAll "(a+)b" "aaab-ab" "${1}X" }} {{ splitList "," "a,b,,c" | compact | join "+" }}
{{ semverCompare ">=1.2.0 <2" "1.4.3" }} {{ until 5 | last }} {{ seq 3 }} {{ 7 | add 3 | mul 2 | div 5 }}
{{ with $x := .Values.missing }}{{ $x }}{{ else }}none{{ end }} {{ printf "%05.2f|%-4s|%q|%v" 3.14159 "ab" "q" .Values.ports }}
{{ range until 3 }}{{ if eq . 1 }}{{ continue }}{{ end }}{{ . }}{{ end }} {{ sha256sum "x" | trunc 8 }}
{{ ternary "yes" "no" (and .Values.enabled (not false)) }} {{ mergeOverwrite (dict "a" 1) (dict "b" 2) | keys | sortAlpha }}
