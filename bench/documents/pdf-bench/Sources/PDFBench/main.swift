// Renders InvoiceDocument.sample(lineCount: 10) N times, without and with ~10 KB of XML embedded, and prints
// p50/p90/p99/min in ms; then MEM_N renders in a row with VmRSS sampled every 1,000, and the peak RSS.
//   PDFBench                 the benchmark
//   PDFBench html <file>     writes the same sample invoice as HTML (InvoiceHTMLRenderer, default template), the
//                            input of the WeasyPrint reference run (weasyprint_ref.py)
//   PDFBench pdf <file>      writes the PDF the benchmark renders (no XML), for the page checks in run.sh
import Documents
import Domain
import Foundation

func env(_ name: String, _ fallback: Int) -> Int { ProcessInfo.processInfo.environment[name].flatMap(Int.init) ?? fallback }

/// A kB field of /proc/self/status: VmRSS (resident now) or VmHWM (peak resident, what getrusage's ru_maxrss
/// reports on Linux and Python's resource module reads for the WeasyPrint reference).
func rssKB(_ field: String = "VmRSS") -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
}

let renderer = try InvoicePDFRenderer()
let document = InvoiceDocument.sample(lineCount: 10)
let arguments = CommandLine.arguments
if arguments.count == 3, arguments[1] == "html" || arguments[1] == "pdf" {
    let bytes: [UInt8] = arguments[1] == "html"
        ? Array(try InvoiceHTMLRenderer().render(document, template: nil).utf8)
        : try renderer.render(document)
    try Data(bytes).write(to: URL(fileURLWithPath: arguments[2]))
    exit(0)
}
var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\">\n"
for line in 1...120 { xml += "  <rsm:Note line=\"\(line)\">Ligne \(line) — é € « »</rsm:Note>\n" }
let xmlBytes = Array((xml + "</rsm:CrossIndustryInvoice>\n").utf8)
let n = env("BENCH_N", 1_000)

for (label, options) in [("pdf", PDFRenderOptions()), ("pdf+facturx", PDFRenderOptions(facturX: xmlBytes))] {
    for _ in 0..<20 { _ = try renderer.render(document, options: options) }
    var times: [Double] = []
    var size = 0
    for _ in 0..<n {
        let start = DispatchTime.now().uptimeNanoseconds
        size = try renderer.render(document, options: options).count
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    times.sort()
    func p(_ q: Double) -> Double { times[min(times.count - 1, Int(Double(times.count) * q))] }
    print(String(format: "%@ n=%d bytes=%d p50=%.2f p90=%.2f p99=%.2f min=%.2f ms", label, n, size, p(0.5), p(0.9), p(0.99), times[0]))
}

let memN = env("BENCH_MEM_N", 10_000)
var samples: [String] = []
for index in 1...memN {
    _ = try renderer.render(document, options: PDFRenderOptions(facturX: xmlBytes))
    if index % 1_000 == 0 { samples.append("\(index):\(rssKB())") }
}
print("rss_kb " + samples.joined(separator: " "))
print("peak_rss_kb \(rssKB("VmHWM"))")
