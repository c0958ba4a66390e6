// Renders InvoiceDocument.sample(lineCount: 10) N times, without and with ~10 KB of XML embedded, and prints
// p50/p90/p99/min in ms; then MEM_N renders in a row with VmRSS sampled every 1,000.
import Documents
import Domain
import Foundation

func env(_ name: String, _ fallback: Int) -> Int { ProcessInfo.processInfo.environment[name].flatMap(Int.init) ?? fallback }

func rssKB() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
}

let renderer = try InvoicePDFRenderer()
let document = InvoiceDocument.sample(lineCount: 10)
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
