{{ define "walk" }}{{ if gt (len .) 0 }}[{{ first . }}{{ template "walk" (rest .) }}]{{ end }}{{ end }}{{ template "walk" (list 1 2 3) }}
{{ $s := "a" }}{{ range until 4 }}{{ $s = print $s $s }}{{ end }}{{ len $s }} {{ repeat 3 "ab" }}
