/// The dashboard's one style sheet, served at `/app/assets/app-<hash>.css` with a year-long immutable cache: the
/// name changes whenever the text does (FNV-1a 64 of the text — a cache key, not a security measure).
enum DashboardStyle {
    static let fileName = "app-\(hash(css)).css"
    static let path = "/app/assets/\(fileName)"
    static let bytes = Array(css.utf8)

    static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01B3
        }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    static let css = """
        :root{--ink:#1d2430;--muted:#5b6472;--line:#d7dce3;--bg:#f6f7f9;--card:#fff;--accent:#1f5fbf;--income:#2a7d4f;--expense:#b4442e;--net:#1f5fbf;--warn:#9a5b00;--focus:#ffbf47}
        *{box-sizing:border-box}
        figure{margin:0}
        html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg);line-height:1.45}
        body{margin:0;min-width:320px}
        a{color:var(--accent)}
        a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,main:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
        .skip{position:absolute;left:-9999px;top:0;background:var(--card);padding:.5rem 1rem;z-index:10}
        .skip:focus{left:.5rem}
        .visually-hidden{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
        .top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;padding:.75rem 1rem;background:var(--ink);color:#fff}
        .top a{color:#fff}
        .brand{font-weight:700;font-size:1.15rem;text-decoration:none}
        .top nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
        .top nav a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
        .who{margin-left:auto;display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;font-size:.9rem}
        .who form{margin:0}
        main{max-width:1400px;margin:0 auto;padding:1rem}
        h1{font-size:1.5rem;margin:.5rem 0 1rem}
        h2{font-size:1.1rem;margin:0 0 .5rem}
        .flash{padding:.75rem 1rem;border-radius:6px;margin:0 0 1rem;background:#e6f2ea;border:1px solid var(--income)}
        .flash.error{background:#fbeae6;border-color:var(--expense)}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,420px),1fr));gap:1rem}
        .card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1rem;min-width:0}
        .chart svg{width:100%;height:auto;display:block}
        .legend{display:flex;flex-wrap:wrap;gap:.75rem;list-style:none;padding:0;margin:.5rem 0 0;font-size:.85rem}
        .swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.3rem;vertical-align:-1px}
        .s0{fill:var(--income);background:var(--income)}.s1{fill:var(--expense);background:var(--expense)}.s2{fill:var(--net);background:var(--net)}
        .s3{fill:#7a4fb0;background:#7a4fb0}.s4{fill:#3b8ea5;background:#3b8ea5}.s5{fill:#c08a1e;background:#c08a1e}
        .line{fill:none;stroke:var(--net);stroke-width:2}
        .axis{stroke:var(--line)}.tick{fill:var(--muted);font-size:11px}
        .table-wrap{overflow-x:auto}
        table{border-collapse:collapse;width:100%;font-size:.9rem}
        th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        .alert{color:var(--warn);font-weight:700}
        form.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end;margin:0 0 1rem}
        label{display:block;font-size:.85rem;color:var(--muted)}
        input,select{font:inherit;padding:.4rem .5rem;border:1px solid var(--line);border-radius:4px;background:#fff;color:var(--ink);min-height:2.5rem}
        button,.button{font:inherit;padding:.45rem .9rem;border-radius:4px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;min-height:2.5rem;text-decoration:none;display:inline-block}
        .top button{background:transparent;border-color:#fff}
        .actions{display:flex;flex-wrap:wrap;gap:.5rem}.actions form{margin:0}
        .danger{background:var(--expense);border-color:var(--expense)}
        .login{max-width:26rem;margin:3rem auto}.login .field{margin:0 0 1rem}.login input{width:100%}
        .pager{display:flex;gap:1rem;margin:1rem 0}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;min-width:0}
        code.wrap{overflow-wrap:anywhere;word-break:break-all}.field{margin:0 0 1rem}
        @media (max-width:600px){main{padding:.5rem}.who{margin-left:0}h1{font-size:1.25rem}.card{padding:.75rem}}
        """
}
