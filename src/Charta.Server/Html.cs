using System.Globalization;
using System.Net;
using System.Text;

namespace Charta.Server;

/// <summary>
/// Server-rendered HTML: every text goes through <see cref="E"/> (HTML-encoded); the layout has a skip link, a labelled
/// navigation, visible focus and colours with at least 4.5:1 contrast. No script is needed to use any page.
/// </summary>
public static class Html
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    public static string Shares(long n) => n.ToString("#,0", C);

    public static string Money(decimal d) => "$" + decimal.Round(d, 2, MidpointRounding.AwayFromZero).ToString("#,0.00", C);

    public static string Price(decimal? d) => d is { } v ? "$" + v.ToString("#,0.00##", C) : "–";

    public static string Ratio(decimal? d) => d is { } v ? v.ToString("0.######", C) : "1";

    public static string Date(DateOnly? d) => d is { } v ? v.ToString("yyyy-MM-dd", C) : "–";

    public const string Css = """
        :root { color-scheme: light; --fg: #1a1a1a; --muted: #4a4a4a; --accent: #0b4f8a; --bad: #8a1111; --line: #c8c8c8; }
        body { font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: #fff; margin: 0; }
        header, main { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
        header { border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
        nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; padding: 0; }
        a { color: var(--accent); }
        a:focus, button:focus, input:focus, select:focus { outline: 3px solid #f0a500; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
        table { border-collapse: collapse; margin: 1rem 0; } caption { text-align: left; font-weight: 600; padding: .25rem 0; }
        th, td { border-bottom: 1px solid var(--line); padding: .3rem .6rem; text-align: left; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        .refusal { border: 2px solid var(--bad); color: var(--bad); padding: .5rem 1rem; }
        .ok { border: 2px solid #1d6b2a; color: #1d6b2a; padding: .5rem 1rem; }
        form.inline { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin: 1rem 0; }
        form.inline label { display: flex; flex-direction: column; font-size: .9rem; color: var(--muted); }
        input, select, button { font: inherit; padding: .3rem .5rem; } button { background: var(--accent); color: #fff; border: 0; cursor: pointer; }
        .muted { color: var(--muted); } figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
        """;

    public static string Page(string title, User? user, string body, string? active = null)
    {
        var sb = new StringBuilder();
        sb.Append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append("<title>").Append(E(title)).Append(" · Charta</title><style>").Append(Css).Append("</style></head><body>");
        sb.Append("<a class=\"skip\" href=\"#main\">Skip to content</a><header><strong>Charta</strong>");
        if (user is not null)
        {
            sb.Append("<nav aria-label=\"Main\"><ul>");
            void Link(string href, string text, string key) =>
                sb.Append("<li><a href=\"").Append(href).Append('"').Append(active == key ? " aria-current=\"page\"" : "").Append('>').Append(E(text)).Append("</a></li>");
            Link("/captable", "Cap table", "captable");
            if (user.Role != Role.Stockholder) Link("/ledger", "Ledger", "ledger");
            Link("/waterfall", "Waterfall", "waterfall");
            Link("/conversion", "Conversion prices", "conversion");
            Link("/approvals", "Approvals", "approvals");
            if (user.Holder is { } h) Link("/holders/" + Uri.EscapeDataString(h), "My holding", "me");
            sb.Append("</ul></nav><span class=\"muted\">").Append(E(user.Name)).Append(" (").Append(UserStore.RoleName(user.Role)).Append(")</span>");
            sb.Append("<form method=\"post\" action=\"/signout\" class=\"inline\" style=\"margin:0\">{{ANTIFORGERY}}<button type=\"submit\">Sign out</button></form>");
        }

        sb.Append("</header><main id=\"main\"><h1>").Append(E(title)).Append("</h1>").Append(body).Append("</main></body></html>");
        return sb.ToString();
    }

    /// <summary>A table: headers, rows of cells; a header starting with '#' right-aligns its column (the '#' is dropped).</summary>
    private const string RawMark = "\u0001raw:";

    /// <summary>A table cell that is already HTML (built from encoded parts), e.g. links.</summary>
    public static string Raw(string html) => RawMark + html;

    public static string Table(string caption, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? id = null)
    {
        var numeric = headers.Select(h => h.StartsWith('#')).ToArray();
        var sb = new StringBuilder("<table");
        if (id is not null) sb.Append(" id=\"").Append(id).Append('"');
        sb.Append("><caption>").Append(E(caption)).Append("</caption><thead><tr>");
        for (var i = 0; i < headers.Count; i++)
            sb.Append("<th scope=\"col\"").Append(numeric[i] ? " class=\"n\"" : "").Append('>').Append(E(numeric[i] ? headers[i][1..] : headers[i])).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var r in rows)
        {
            sb.Append("<tr>");
            for (var i = 0; i < r.Count; i++) sb.Append("<td").Append(i < numeric.Length && numeric[i] ? " class=\"n\"" : "").Append('>').Append(r[i].StartsWith(RawMark, StringComparison.Ordinal) ? r[i][RawMark.Length..] : E(r[i])).Append("</td>");
            sb.Append("</tr>");
        }

        return sb.Append("</tbody></table>").ToString();
    }
}
