/// A chart drawn on the server as SVG (docs/dashboard.md, "Charts"): no script, no CSP exception, readable by a
/// test. Accessible: the `<svg>` is `role="img"` named by its `<title>` and `<desc>`; every bar and point carries
/// its exact figure (`data-series`, `data-label`, `data-value`, and a `<title>` tooltip); a visually hidden table
/// beside it gives screen readers the same figures.
///
/// Figures stay the API's decimal strings; they become `Double` only to place a shape on the drawing.
struct SVGChart: Sendable {
    struct Series: Sendable {
        /// A stable name (`income`), used in `data-series`.
        let key: String
        /// Its label in the page's language.
        let label: String
        /// One decimal string per label (an empty string: no figure).
        let values: [String]
        /// Drawn as a line with points rather than bars.
        var line = false
    }

    let id: String
    let title: String
    let description: String
    /// The x axis: one per column (`2026-01`, a category's name…).
    let labels: [String]
    let series: [Series]
    /// The column headers of the data table: the x axis's name.
    let axisName: String

    private static let width = 720.0, height = 260.0
    private static let left = 64.0, right = 8.0, top = 12.0, bottom = 40.0

    var html: HTML {
        let numbers = series.flatMap(\.values).compactMap(Double.init)
        let maximum = max(0, numbers.max() ?? 0), minimum = min(0, numbers.min() ?? 0)
        let span = maximum - minimum == 0 ? 1 : maximum - minimum
        let plotHeight = Self.height - Self.top - Self.bottom
        func y(_ value: Double) -> Double { Self.top + (maximum - value) / span * plotHeight }
        let columnWidth = (Self.width - Self.left - Self.right) / Double(max(labels.count, 1))
        let bars = series.filter { !$0.line }
        let barWidth = min(columnWidth * 0.8 / Double(max(bars.count, 1)), 48)
        let zero = y(0)

        var shapes: [HTML] = []
        // Axis: the zero line and the extremes.
        shapes.append(.element("line", [("class", "axis"), ("x1", f(Self.left)), ("x2", f(Self.width - Self.right)), ("y1", f(zero)), ("y2", f(zero))]))
        for value in Set([maximum, minimum]) where value != 0 {
            shapes.append(.element("text", [("class", "tick"), ("x", f(Self.left - 4)), ("y", f(y(value) + 4)), ("text-anchor", "end")]) { Self.compact(value) })
        }
        shapes.append(.element("text", [("class", "tick"), ("x", f(Self.left - 4)), ("y", f(zero + 4)), ("text-anchor", "end")]) { "0" })
        for (column, label) in labels.enumerated() {
            let x = Self.left + Double(column) * columnWidth
            shapes.append(.element("text", [("class", "tick"), ("x", f(x + columnWidth / 2)), ("y", f(Self.height - Self.bottom + 16)), ("text-anchor", "middle")]) {
                Self.shortLabel(label)
            })
            for (index, serie) in bars.enumerated() {
                let text = column < serie.values.count ? serie.values[column] : ""
                guard let value = Double(text) else { continue }
                let top = min(y(value), zero), height = max(abs(y(value) - zero), value == 0 ? 0 : 1)
                let styleIndex = series.firstIndex { $0.key == serie.key } ?? index
                shapes.append(.element("rect", [
                    ("class", "s\(styleIndex % 6)"), ("x", f(x + (columnWidth - barWidth * Double(bars.count)) / 2 + Double(index) * barWidth)), ("y", f(top)),
                    ("width", f(max(barWidth - 1, 1))), ("height", f(height)),
                    ("data-series", serie.key), ("data-label", label), ("data-value", text),
                ]) { HTML.element("title") { "\(serie.label), \(label): \(text)" } })
            }
        }
        for serie in series where serie.line {
            var points: [String] = []
            var dots: [HTML] = []
            for (column, text) in serie.values.enumerated() {
                guard let value = Double(text), column < labels.count else { continue }
                let x = Self.left + (Double(column) + 0.5) * columnWidth
                points.append("\(f(x)),\(f(y(value)))")
                dots.append(.element("circle", [
                    ("class", "s2"), ("cx", f(x)), ("cy", f(y(value))), ("r", "4"),
                    ("data-series", serie.key), ("data-label", labels[column]), ("data-value", text),
                ]) { HTML.element("title") { "\(serie.label), \(labels[column]): \(text)" } })
            }
            shapes.append(.element("polyline", [("class", "line"), ("points", points.joined(separator: " "))]))
            shapes.append(contentsOf: dots)
        }

        return .element("figure", [("class", "card chart"), ("id", id)]) {
            HTML.element("h2", [("id", "\(id)-heading")]) { title }
            HTML.element("svg", [
                ("role", "img"), ("aria-labelledby", "\(id)-title \(id)-desc"), ("viewBox", "0 0 \(Int(Self.width)) \(Int(Self.height))"),
                ("xmlns", "http://www.w3.org/2000/svg"), ("data-chart", id), ("focusable", "false"),
            ]) {
                HTML.element("title", [("id", "\(id)-title")]) { title }
                HTML.element("desc", [("id", "\(id)-desc")]) { description }
                shapes
            }
            HTML.element("ul", [("class", "legend"), ("aria-hidden", "true")]) {
                for (index, serie) in series.enumerated() {
                    HTML.element("li") {
                        HTML.element("span", [("class", "swatch s\(serie.line ? 2 : index % 6)")])
                        serie.label
                    }
                }
            }
            table
        }
    }

    /// The same figures as a table, for screen readers.
    private var table: HTML {
        .element("table", [("class", "visually-hidden")]) {
            HTML.element("caption") { title }
            HTML.element("thead") {
                HTML.element("tr") {
                    HTML.element("th", [("scope", "col")]) { axisName }
                    for serie in series { HTML.element("th", [("scope", "col"), ("class", "num")]) { serie.label } }
                }
            }
            HTML.element("tbody") {
                for (column, label) in labels.enumerated() {
                    HTML.element("tr") {
                        HTML.element("th", [("scope", "row")]) { label }
                        for serie in series {
                            HTML.element("td", [("class", "num")]) { column < serie.values.count ? serie.values[column] : "" }
                        }
                    }
                }
            }
        }
    }

    /// `2026-03` → `03/26`; other labels cut to 10 characters.
    static func shortLabel(_ label: String) -> String {
        let parts = label.split(separator: "-")
        if parts.count == 2, parts[0].count == 4, parts[1].count == 2 { return "\(parts[1])/\(parts[0].suffix(2))" }
        return label.count > 10 ? String(label.prefix(9)) + "…" : label
    }

    /// An axis figure: 1234 → `1.2k`, 2500000 → `2.5M`.
    static func compact(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1_000_000 { return "\(f(value / 1_000_000))M" }
        if magnitude >= 1_000 { return "\(f(value / 1_000))k" }
        return f(value)
    }
}

/// A coordinate with one decimal, without a trailing `.0`.
private func f(_ value: Double) -> String {
    let tenths = (value * 10).rounded()
    let whole = Int(tenths) / 10, fraction = abs(Int(tenths) % 10)
    let sign = tenths < 0 && whole == 0 ? "-" : ""
    return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
}
