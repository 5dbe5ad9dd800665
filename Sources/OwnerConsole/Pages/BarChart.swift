/// A small bar chart as inline SVG, drawn on the server (no script, no library, nothing fetched): bars with their
/// values written on them, labels under them, and a text alternative for screen readers. Labels are escaped here, as
/// the chart is inserted as markup.
struct BarChart {
    struct Bar {
        let label: String
        let value: Int
    }

    let title: String
    let bars: [Bar]
    /// What the chart says in one sentence, for those who cannot see it.
    let summary: String

    var svg: String {
        let width = 640, height = 200, top = 24, bottom = 40
        let slot = bars.isEmpty ? width : width / bars.count
        let highest = max(bars.map(\.value).max() ?? 0, 1)
        var parts: [String] = []
        for (index, bar) in bars.enumerated() {
            let barHeight = (height - top - bottom) * bar.value / highest
            let x = index * slot + slot / 6, w = max(slot * 2 / 3, 2), y = height - bottom - barHeight
            parts.append("<rect x=\"\(x)\" y=\"\(y)\" width=\"\(w)\" height=\"\(barHeight)\" fill=\"#1d3557\" rx=\"2\"></rect>")
            parts.append("<text x=\"\(x + w / 2)\" y=\"\(y - 4)\" text-anchor=\"middle\" font-size=\"12\" fill=\"#1b1f24\">\(bar.value)</text>")
            parts.append(
                "<text x=\"\(x + w / 2)\" y=\"\(height - bottom + 16)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#475467\">"
                    + Self.escape(bar.label) + "</text>")
        }
        return """
            <svg viewBox="0 0 \(width) \(height)" role="img" aria-labelledby="chart-title chart-desc" class="chart">\
            <title id="chart-title">\(Self.escape(title))</title><desc id="chart-desc">\(Self.escape(summary))</desc>\
            <line x1="0" y1="\(height - bottom)" x2="\(width)" y2="\(height - bottom)" stroke="#d0d5dd"></line>\(parts.joined())</svg>
            """
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
