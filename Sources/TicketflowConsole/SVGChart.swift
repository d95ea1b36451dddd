import Foundation

/// Chart geometry for the dashboard's server-rendered SVG: pure numbers and
/// labels for the chart templates, which escape every value like any other
/// page text (no chart library, no script).
enum SVGChart {
    /// One named row of values, one per x label.
    struct Series {
        var name: String
        var values: [Double]
    }

    /// One chart's template keys; a bar chart leaves `lines` and `targets`
    /// empty, a line chart `bars`.
    struct Chart {
        struct GridLine {
            let y: String, x1: String, x2: String, lx: String, ly: String, label: String
        }

        struct XLabel {
            let x: String, y: String, text: String
        }

        struct LegendEntry {
            let name: String, fill: String
        }

        struct Bar {
            let x: String, y: String, w: String, h: String, fill: String, tip: String
        }

        struct Line {
            struct Dot {
                let cx: String, cy: String, tip: String
                /// The value written above the dot, when the line has few enough points to label them all.
                let value: String
                let labelled: Bool
                let ly: String
            }

            let points: String, stroke: String, name: String
            let dots: [Dot]
        }

        struct Target {
            let y: String, x1: String, x2: String, stroke: String, label: String
            /// Where the target's name is written, at the right end of its line and in its colour.
            let lx: String, ly: String, text: String
        }

        let id: String
        let title: String
        let width: String
        let height: String
        let grid: [GridLine]
        let xLabels: [XLabel]
        let legend: [LegendEntry]
        let hasData: Bool
        var bars: [Bar] = []
        var lines: [Line] = []
        var targets: [Target] = []
    }

    /// Fixed colours, assigned to series in order (never taken from data).
    static let palette = ["#2f5bea", "#067647", "#b54708", "#c4320a", "#7a5af8", "#0e9384", "#98a2b3", "#dd2590"]

    static let width = 640.0, height = 240.0
    static let left = 52.0, right = 12.0, top = 14.0, bottom = 34.0
    static var plotWidth: Double { width - left - right }
    static var plotHeight: Double { height - top - bottom }

    /// Stacked bars: one bar per label, one segment per series.
    static func bars(
        id: String, title: String, labels: [String], series: [Series], format: (Double) -> String = count
    ) -> Chart {
        let totals = labels.indices.map { index in series.reduce(0) { $0 + ($1.values[safe: index] ?? 0) } }
        let maximum = niceCeiling(totals.max() ?? 0)
        let slot = plotWidth / Double(max(labels.count, 1))
        var bars: [Chart.Bar] = []
        for index in labels.indices {
            var base = 0.0
            for (number, row) in series.enumerated() {
                let value = row.values[safe: index] ?? 0
                guard value > 0 else { continue }
                let y0 = yPosition(base, maximum: maximum), y1 = yPosition(base + value, maximum: maximum)
                bars.append(
                    Chart.Bar(
                        x: fixed(left + slot * Double(index) + slot * 0.15), y: fixed(y1),
                        w: fixed(max(1, slot * 0.7)), h: fixed(max(0.5, y0 - y1)),
                        fill: palette[number % palette.count],
                        tip: "\(labels[index]) · \(row.name): \(format(value))"))
                base += value
            }
        }
        var chart = frame(
            id: id, title: title, labels: labels, series: series, maximum: maximum, format: format,
            hasData: totals.contains { $0 > 0 })
        chart.bars = bars
        return chart
    }

    /// One polyline per series over the labels, with optional dashed target lines.
    /// Lines with at most this many points have each value written on the chart.
    static let labelledPoints = 8

    static func lines(
        id: String, title: String, labels: [String], series: [Series], maximum: Double,
        targets: [(name: String, value: Double)] = [], format: (Double) -> String
    ) -> Chart {
        let slot = plotWidth / Double(max(labels.count, 1))
        let lines = series.enumerated().map { number, row in
            let points = row.values.enumerated().map { index, value in
                "\(fixed(left + slot * (Double(index) + 0.5))),\(fixed(yPosition(value, maximum: maximum)))"
            }
            // Dots as well as the line: a window with one active day has no line to draw.
            let dots = row.values.enumerated().map { index, value in
                let y = yPosition(value, maximum: maximum)
                return Chart.Line.Dot(
                    cx: fixed(left + slot * (Double(index) + 0.5)), cy: fixed(y),
                    tip: "\(labels[safe: index] ?? "") · \(row.name): \(format(value))", value: format(value),
                    labelled: row.values.count <= labelledPoints, ly: fixed(y - 7))
            }
            return Chart.Line(
                points: points.joined(separator: " "), stroke: palette[number % palette.count], name: row.name,
                dots: dots)
        }
        let targetLines = targets.enumerated().map { number, target in
            Chart.Target(
                y: fixed(yPosition(target.value, maximum: maximum)), x1: fixed(left), x2: fixed(width - right),
                stroke: palette[number % palette.count], label: "\(target.name) target \(format(target.value))",
                lx: fixed(width - right - 2), ly: fixed(yPosition(target.value, maximum: maximum) - 3),
                text: "target \(format(target.value))")
        }
        var chart = frame(
            id: id, title: title, labels: labels, series: series, maximum: maximum, format: format,
            hasData: series.contains { !$0.values.isEmpty })
        chart.lines = lines
        chart.targets = targetLines
        return chart
    }

    /// Axes, grid, x labels (thinned so they never overlap) and the legend.
    static func frame(
        id: String, title: String, labels: [String], series: [Series], maximum: Double, format: (Double) -> String,
        hasData: Bool
    ) -> Chart {
        let slot = plotWidth / Double(max(labels.count, 1))
        let every = max(1, Int((Double(labels.count) / 10).rounded(.up)))
        let xLabels = labels.enumerated().filter { $0.offset % every == 0 }.map { index, label in
            Chart.XLabel(x: fixed(left + slot * (Double(index) + 0.5)), y: fixed(height - bottom + 16), text: label)
        }
        let grid = [0.0, 0.5, 1.0].map { share in
            let y = yPosition(maximum * share, maximum: maximum)
            return Chart.GridLine(
                y: fixed(y), x1: fixed(left), x2: fixed(width - right), lx: fixed(left - 6), ly: fixed(y + 3),
                label: format(maximum * share))
        }
        let legend = series.enumerated().map { number, row in
            Chart.LegendEntry(name: row.name, fill: palette[number % palette.count])
        }
        return Chart(
            id: id, title: title, width: fixed(width), height: fixed(height), grid: grid, xLabels: xLabels,
            legend: legend, hasData: hasData)
    }

    /// The y of `value` on an axis from 0 to `maximum` (SVG y grows downwards).
    static func yPosition(_ value: Double, maximum: Double) -> Double {
        top + plotHeight * (1 - (maximum > 0 ? min(max(value, 0), maximum) / maximum : 0))
    }

    /// 1, 2 or 5 times a power of ten at or above `value`, so grid labels are round.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        return [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= value } ?? value
    }

    static func fixed(_ value: Double) -> String { String(format: "%.1f", value) }
    static func count(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(format: "%.1f", value)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
