/// The console's one stylesheet, served from the app itself (nothing fetched from elsewhere; the policy forbids it).
enum ConsoleCSS {
    static let text = """
        *{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f4f5f7}
        .top{display:flex;justify-content:space-between;align-items:center;padding:12px 20px;background:#1d3557;color:#fff}
        .top a,.top span{color:#fff}.brand{font-weight:700;text-decoration:none}.top nav{display:flex;gap:12px;align-items:center}
        main{max-width:720px;margin:0 auto;padding:24px 16px}h1{font-size:1.6rem;margin:0 0 16px}
        .card{background:#fff;border:1px solid #d0d5dd;border-radius:8px;padding:16px 20px;margin:0 0 16px}
        .card.attention{border:2px solid #b54708;background:#fffaeb}
        .cards{list-style:none;padding:0}.field{display:flex;flex-direction:column;margin:0 0 14px}
        label{font-weight:600;margin-bottom:4px}input{font:inherit;padding:10px;border:1px solid #667085;border-radius:6px;min-height:44px}
        input:focus,button:focus,a:focus{outline:3px solid #f4a261;outline-offset:2px}
        button{font:inherit;font-weight:600;padding:10px 18px;min-height:44px;border:0;border-radius:6px;background:#1d3557;color:#fff;cursor:pointer}
        .top button{background:#fff;color:#1d3557;min-height:36px;padding:6px 12px}
        .error{color:#b42318;font-weight:600;margin-top:4px}
        .problem{background:#fef3f2;border:1px solid #b42318;color:#7a271a;padding:10px;border-radius:6px}
        .notice{background:#ecfdf3;border:1px solid #027a48;color:#054f31;padding:10px;border-radius:6px}.hint{color:#475467;margin-top:-6px}
        a{color:#1d3557}fieldset{border:0;padding:0}legend{font-weight:600;margin-bottom:4px}
        .choice{display:block;font-weight:400;margin:4px 0}.choice input{min-height:auto;margin-right:8px}
        .day{border-top:1px solid #d0d5dd;padding:8px 0}.range{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:4px 0}
        .range input{min-height:40px;padding:6px}.range label{font-weight:400}
        select{font:inherit;padding:10px;border:1px solid #667085;border-radius:6px;min-height:44px;background:#fff}
        .row{display:flex;flex-wrap:wrap;gap:0 12px}.row .field{flex:1 1 130px;min-width:0}.row input{width:100%}
        .inline{display:inline-flex;gap:8px;align-items:center;margin-left:8px}
        .secondary{background:#fff;color:#1d3557;border:1px solid #1d3557}.sr{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}
        .plain{list-style:none;padding:0}.plain li{padding:6px 0;border-bottom:1px solid #eaecf0}.checklist{list-style:none;padding:0}
        .checklist li{padding:6px 0}.checklist .mark{display:inline-block;width:1.5em;font-weight:700}.done .mark{color:#027a48}
        .state{color:#475467}.days{display:flex;flex-wrap:wrap;gap:4px 14px}.person{border-top:1px solid #d0d5dd;padding:10px 0}
        a.button{display:inline-block;padding:10px 18px;border-radius:6px;background:#1d3557;color:#fff;font-weight:600;text-decoration:none}
        @media (min-width:1000px){main{max-width:900px}}
        .sections{display:flex;flex-wrap:wrap;gap:4px 16px;margin:-8px 0 16px}.sections a{padding:6px 2px;font-weight:600}
        .sections a[aria-current]{border-bottom:3px solid #1d3557;text-decoration:none}
        .badge{background:#b42318;color:#fff;border-radius:10px;padding:1px 7px;font-size:.85rem}
        .sheet{list-style:none;padding:0}.sheet h3{margin:14px 0 4px;font-size:1.1rem}.when{font-weight:700;margin-right:8px}
        .status{display:inline-block;border:1px solid #667085;border-radius:10px;padding:0 8px;font-size:.85rem;margin-left:6px}
        .actions{display:inline-flex;flex-wrap:wrap;gap:6px}.cancelled,.no_show,.handled{color:#475467}
        .urgent{border-left:4px solid #b42318;padding-left:8px}
        .chart{width:100%;height:auto}textarea{font:inherit;padding:10px;border:1px solid #667085;border-radius:6px;width:100%}
        .preview{background:#f4f5f7;border-radius:6px;padding:4px 12px}table{border-collapse:collapse;width:100%}
        th,td{text-align:left;padding:6px;border-bottom:1px solid #eaecf0;vertical-align:top}code{font-size:.9rem}
        pre{white-space:pre-wrap;word-break:break-word;background:#f4f5f7;padding:8px;border-radius:6px;font-size:.9rem}
        """
}
