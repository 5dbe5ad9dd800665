/// The API reference as one self-contained HTML page rendered from the contract: no script, font or stylesheet is
/// fetched, so it reads the same on a laptop without internet as in production.
public enum DocsPage {
    public static func render(_ contract: APIContract) -> String {
        let operations = contract.operations
        let components = contract.components
        let tags = Array(Set(operations.map(\.tag))).sorted()
        var html = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(contract.title)) reference</title><style>
            body{font:15px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#1d2330;background:#fafbfc}
            nav{position:fixed;top:0;bottom:0;width:270px;overflow:auto;padding:16px;background:#fff;border-right:1px solid #e3e6ea;font-size:13px}
            nav a{display:block;color:#1d2330;text-decoration:none;padding:2px 0}nav h3{margin:14px 0
            4px;font-size:12px;text-transform:uppercase;color:#6b7280}
            main{margin-left:310px;padding:16px 32px;max-width:980px}section.op{background:#fff;border:1px solid
            #e3e6ea;border-radius:8px;padding:12px 18px;margin:14px 0}
            .m{display:inline-block;min-width:58px;font:600 12px monospace;padding:2px 6px;border-radius:4px;color:#fff;text-align:center}
            .GET{background:#2f7d32}.POST{background:#1565c0}.PUT{background:#8e24aa}.PATCH{background:#ef6c00}.DELETE{background:#c62828}
            code,.path{font-family:ui-monospace,Menlo,monospace;font-size:13px}table{border-collapse:collapse;width:100%;margin:6px 0}
            td,th{border-top:1px solid #eef0f3;padding:4px 6px;text-align:left;vertical-align:top;font-size:13px}.muted{color:#6b7280}
            ul.schema{list-style:none;padding-left:16px;margin:2px 0}ul.schema li{margin:1px 0}.req{color:#c62828}
            </style></head><body><nav><strong>\(escape(contract.title))</strong><br><span class="muted">v\(escape(contract.version)) ·
            <a href="openapi.json" style="display:inline">openapi.json</a></span>
            """
        for tag in tags {
            html += "<h3>\(escape(tag))</h3>"
            for op in operations where op.tag == tag {
                html += "<a href=\"#\(op.id)\"><span class=\"m \(op.method.rawValue)\">\(op.method.rawValue)</span> \(escape(op.summary))</a>"
            }
        }
        html +=
            "</nav><main><h1>\(escape(contract.title))</h1><p>Every error answer is <code>{\"error\": {\"code\", \"message\", \"field\"?, "
            + "\"request_id\"}}</code> "
            + "with a stable <code>code</code>. Owner routes take <code>Authorization: Bearer &lt;business key&gt;</code>; the platform key "
            + "reaches every business.</p>"
        for tag in tags {
            html += "<h2>\(escape(tag))</h2>"
            for op in operations where op.tag == tag { html += section(op, components) }
        }
        html += "<h2>Schemas</h2>"
        for name in components.keys.sorted() {
            html += "<section class=\"op\" id=\"schema-\(escape(name))\"><h3>\(escape(name))</h3>\(schemaHTML(components[name]!))</section>"
        }
        return html + "</main></body></html>"
    }

    static func section(_ op: APIOperation, _ components: [String: Schema]) -> String {
        var out =
            "<section class=\"op\" id=\"\(op.id)\"><h3><span class=\"m \(op.method.rawValue)\">\(op.method.rawValue)</span> "
            + "<span class=\"path\">\(escape(op.path))</span></h3><p>\(escape(op.summary))</p><p class=\"muted\">Access: \(access(op.access))"
            + " · operationId <code>\(op.id)</code></p>"
        let parameters =
            op.pathParameterNames.map { ($0, "path", op.schema(forPathParameter: $0), true) }
            + op.query.map { ($0.name, "query", $0.schema, $0.required) }
        if !parameters.isEmpty {
            out += "<table><tr><th>Parameter</th><th>In</th><th>Type</th><th>Description</th></tr>"
            for (name, place, schema, required) in parameters {
                out +=
                    "<tr><td><code>\(escape(name))</code>\(required ? " <span class=\"req\">required</span>" : "")</td><td>\(place)</td>"
                    + "<td>\(typeText(schema))</td><td>\(escape(schema.description ?? ""))</td></tr>"
            }
            out += "</table>"
        }
        if let body = op.body {
            out +=
                "<h4>Body <span class=\"muted\">\(escape(body.contentType)), at most \(body.limit) bytes"
                + "\(body.check == .documented ? ", checked after the signature" : "")</span></h4>\(schemaHTML(body.schema))"
        }
        out += "<h4>Answers</h4><table>"
        for answer in op.answers + APIContract.errors(for: op) {
            out += "<tr><td><code>\(answer.status)</code></td><td>\(escape(answer.description))"
            if let schema = answer.schema, answer.status < 400 { out += schemaHTML(schema) }
            out += "</td></tr>"
        }
        return out + "</table></section>"
    }

    static func schemaHTML(_ schema: Schema) -> String {
        guard schema.kind == .object, !schema.properties.isEmpty else {
            return "<p class=\"muted\">\(typeText(schema))\(schema.description.map { " — " + escape($0) } ?? "")</p>"
        }
        var out = schema.description.map { "<p class=\"muted\">\(escape($0))</p>" } ?? ""
        out += "<ul class=\"schema\">"
        for p in schema.properties {
            out +=
                "<li><code>\(escape(p.name))</code>\(schema.required.contains(p.name) ? " <span class=\"req\">required</span>" : "") "
                + "<span class=\"muted\">\(typeText(p.schema))</span> \(escape(p.schema.description ?? ""))"
            if p.schema.kind == .object, !p.schema.properties.isEmpty { out += schemaHTML(p.schema.described("")) }
            if let items = p.schema.items, items.kind == .object, !items.properties.isEmpty { out += schemaHTML(items.described("")) }
            out += "</li>"
        }
        return out + "</ul>"
    }

    static func typeText(_ schema: Schema) -> String {
        var text: String
        if let ref = schema.ref {
            text = "<a href=\"#schema-\(escape(ref))\">\(escape(ref))</a>"
        } else if let items = schema.items {
            text = "array of " + typeText(items)
        } else if !schema.alternatives.isEmpty {
            text = "any of " + schema.alternatives.map(typeText).joined(separator: " | ")
        } else {
            text = schema.kind?.rawValue ?? "any"
        }
        if let format = schema.format { text += " (\(escape(format)))" }
        if let allowed = schema.allowed { text += ": " + allowed.map { "<code>\(escape($0))</code>" }.joined(separator: " ") }
        if let min = schema.minimum, let max = schema.maximum { text += " \(min)–\(max)" }
        if let max = schema.maxLength { text += " ≤\(max) chars" }
        if schema.nullable { text += " or null" }
        return text
    }

    static func access(_ access: APIOperation.Access) -> String {
        switch access {
        case .open: "open"
        case .businessKey: "the business's key (or the platform key)"
        case .platformKey: "the platform key only"
        case .retellSignature: "Retell's signature (<code>X-Retell-Signature</code>)"
        }
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
