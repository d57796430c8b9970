// The chart renderer's benchmark, driven by scripts/bench-helm.
//
//   ferry-helm-bench generate DIR SERVICES DEPTH   write a large chart of our own: SERVICES
//                     services (Deployment, Service, ConfigMap each, so 3×SERVICES templates),
//                     helpers that include each other DEPTH deep, and values with 20 env vars,
//                     resources, labels and annotations per service
//   ferry-helm-bench render CHART [RUNS]           the in-process library call (`Helm.template`:
//                     load, values, render, sort, print) RUNS times (default 5); prints
//                     "median_ms min_ms output_bytes peak_rss_kib"
import Foundation
import Helm

func peakRSSKiB() -> Int {
    var usage = rusage()
    getrusage(0, &usage)  // RUSAGE_SELF
    return usage.ru_maxrss
}

func write(_ text: String, _ path: String) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                            withIntermediateDirectories: true)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}

func generate(dir: String, services: Int, depth: Int) throws {
    try write("apiVersion: v2\nname: bench-large\nversion: 1.0.0\nappVersion: \"2.4.1\"\n", dir + "/Chart.yaml")
    var values = "global:\n  registry: registry.example.com\n  pullPolicy: IfNotPresent\nservices:\n"
    for i in 0..<services {
        values += """
          svc\(i):
            enabled: true
            replicas: \(i % 4 + 1)
            image:
              repository: team/app-\(i)
              tag: "1.\(i).0"
            port: \(8000 + i)
            resources:
              limits: {cpu: 500m, memory: 256Mi}
              requests: {cpu: 100m, memory: 128Mi}
            labels:
              tier: tier-\(i % 3)
              team: team-\(i % 7)
            annotations:
              prometheus.io/scrape: "true"
              prometheus.io/port: "\(9000 + i)"
            env:

        """
        for e in 0..<20 { values += "      - {name: VAR_\(e), value: \"value-\(i)-\(e)\"}\n" }
    }
    try write(values, dir + "/values.yaml")
    var helpers = """
    {{- define "bench.name" -}}{{ .Chart.Name | trunc 63 | trimSuffix "-" }}{{- end -}}
    {{- define "bench.fullname" -}}{{ printf "%s-%s" .Release.Name (include "bench.name" .) | trunc 63 | trimSuffix "-" }}{{- end -}}
    {{- define "bench.labels" -}}
    helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
    app.kubernetes.io/name: {{ include "bench.name" . }}
    app.kubernetes.io/instance: {{ .Release.Name }}
    app.kubernetes.io/managed-by: {{ .Release.Service }}
    {{- end -}}
    {{- define "bench.deep.0" -}}{{ .name | sha256sum | trunc 8 }}{{- end -}}

    """
    for d in 1...max(1, depth) {
        helpers += "{{- define \"bench.deep.\(d)\" -}}{{ include \"bench.deep.\(d - 1)\" . }}{{- end -}}\n"
    }
    try write(helpers, dir + "/templates/_helpers.tpl")
    for i in 0..<services {
        let ctx = "(dict \"name\" \"svc\(i)\")"
        try write("""
        {{- $svc := .Values.services.svc\(i) }}
        {{- if $svc.enabled }}
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ include "bench.fullname" . }}-svc\(i)
          labels:
            {{- include "bench.labels" . | nindent 4 }}
            {{- toYaml $svc.labels | nindent 4 }}
          annotations:
            checksum/config: {{ include "bench.deep.\(depth)" \(ctx) }}
            {{- range $k, $v := $svc.annotations }}
            {{ $k }}: {{ $v | quote }}
            {{- end }}
        spec:
          replicas: {{ $svc.replicas }}
          selector:
            matchLabels:
              app.kubernetes.io/name: {{ include "bench.name" . }}-svc\(i)
          template:
            metadata:
              labels:
                app.kubernetes.io/name: {{ include "bench.name" . }}-svc\(i)
            spec:
              containers:
                - name: app
                  image: "{{ .Values.global.registry }}/{{ $svc.image.repository }}:{{ $svc.image.tag | default .Chart.AppVersion }}"
                  imagePullPolicy: {{ .Values.global.pullPolicy }}
                  ports:
                    - containerPort: {{ $svc.port }}
                  env:
                    {{- toYaml $svc.env | nindent 12 }}
                  resources:
                    {{- toYaml $svc.resources | nindent 12 }}
        {{- end }}

        """, dir + "/templates/svc\(i)/deployment.yaml")
        try write("""
        apiVersion: v1
        kind: Service
        metadata:
          name: {{ include "bench.fullname" . }}-svc\(i)
          labels: {{- include "bench.labels" . | nindent 4 }}
        spec:
          ports:
            - port: {{ .Values.services.svc\(i).port }}
              targetPort: {{ .Values.services.svc\(i).port }}
          selector:
            app.kubernetes.io/name: {{ include "bench.name" . }}-svc\(i)

        """, dir + "/templates/svc\(i)/service.yaml")
        try write("""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ include "bench.fullname" . }}-svc\(i)-env
        data:
          {{- range .Values.services.svc\(i).env }}
          {{ .name }}: {{ .value | quote }}
          {{- end }}
          values.json: {{ .Values.services.svc\(i) | toJson | quote }}

        """, dir + "/templates/svc\(i)/configmap.yaml")
    }
}

func render(chart: String, runs: Int) {
    var times: [Double] = []
    var bytes = 0
    for _ in 0..<max(1, runs) {
        let start = ContinuousClock.now
        do {
            bytes = try Helm.template(chart: chart, options: TemplateOptions()).manifests.utf8.count
        } catch {
            FileHandle.standardError.write(Data("Error: \(error.message)\n".utf8))
            exit(1)
        }
        let d = start.duration(to: .now)
        times.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
    }
    let sorted = times.sorted()
    print("\(fixed2(sorted[sorted.count / 2])) \(fixed2(sorted[0])) \(bytes) \(peakRSSKiB())")
}

/// Two decimals without `String(format:)`, whose first call (varargs casts) costs a fresh
/// process about a third of a millisecond: the single-render timing measures the renderer.
func fixed2(_ x: Double) -> String {
    let hundredths = Int((x * 100).rounded())
    let cents = hundredths % 100
    return "\(hundredths / 100).\(cents < 10 ? "0" : "")\(cents)"
}

let args = CommandLine.arguments
switch args.count > 1 ? args[1] : "" {
case "generate" where args.count == 5:
    do {
        try generate(dir: args[2], services: Int(args[3]) ?? 100, depth: Int(args[4]) ?? 20)
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(1)
    }
case "render" where args.count >= 3:
    render(chart: args[2], runs: args.count > 3 ? Int(args[3]) ?? 5 : 5)
default:
    FileHandle.standardError.write(Data("usage: ferry-helm-bench generate DIR SERVICES DEPTH | render CHART [RUNS]\n".utf8))
    exit(2)
}
