{{ $s := "ab" }}{{ range until 30 }}{{ $s = print $s $s }}{{ end }}{{ len $s }}
