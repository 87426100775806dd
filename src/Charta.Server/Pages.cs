using System.Globalization;
using System.Text;
using Charta.Core;
using Charta.Core.Ledger;
using Charta.Core.Liquidation;
using Charta.Ledger;
using Charta.Views;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Charta.Server.Html;

namespace Charta.Server;

/// <summary>
/// The server-rendered pages: sign-in, cap table, ledger (with forms), waterfall explorer, conversion prices and a
/// holder's page. They render the same views as the API, scoped by <see cref="Access"/>; forms carry an anti-forgery
/// token and a refusal is shown inline with its clause.
/// </summary>
public static class Pages
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext http) => Results.Redirect(http.User.Identity?.IsAuthenticated == true ? "/captable" : "/signin")).ExcludeFromDescription();
        app.MapGet("/signin", (HttpContext http, IAntiforgery af) => Render(http, af, SignInPage(null), 200)).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/signin", SignIn).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/signout", async (HttpContext http, IAntiforgery af) =>
        {
            if (!await af.IsRequestValidAsync(http)) return Results.BadRequest();
            await http.SignOutAsync(Auth.CookieScheme);
            return Results.Redirect("/signin", permanent: false);
        }).ExcludeFromDescription();

        var pages = app.MapGroup("").RequireAuthorization().ExcludeFromDescription();
        pages.MapGet("/captable", CapTablePage);
        pages.MapGet("/ledger", (HttpContext http, IAntiforgery af, LedgerService ledger, int? recorded) => LedgerPage(http, af, ledger, null, recorded, 200));
        pages.MapPost("/ledger/issue", (HttpContext http, IAntiforgery af, LedgerService ledger, UserStore users) => Record(http, af, ledger, users, "issue"));
        pages.MapPost("/ledger/transfer", (HttpContext http, IAntiforgery af, LedgerService ledger, UserStore users) => Record(http, af, ledger, users, "transfer"));
        pages.MapGet("/waterfall", WaterfallPage);
        pages.MapGet("/conversion", ConversionPage);
        pages.MapGet("/approvals", ApprovalsPage);
        pages.MapGet("/holders/{name}", HolderPage);
        pages.MapGet("/me", (HttpContext http) =>
            Access.UserOf(http.User).Holder is { } h ? Results.Redirect("/holders/" + Uri.EscapeDataString(h)) : Results.Redirect("/captable"));
    }

    private static IResult Render(HttpContext http, IAntiforgery af, string html, int status)
    {
        var tokens = af.GetAndStoreTokens(http);
        var hidden = $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
        return Results.Content(html.Replace("{{ANTIFORGERY}}", hidden, StringComparison.Ordinal), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static IResult Forbidden(HttpContext http, IAntiforgery af, User user, string why) =>
        Render(http, af, Page("Forbidden", user, $"<p class=\"refusal\" role=\"alert\">{E(why)}</p>"), 403);

    // ---- sign-in -------------------------------------------------------------------------------------------------

    private static string SignInPage(string? error) => Page("Sign in", null,
        (error is null ? "" : $"<p class=\"refusal\" role=\"alert\">{E(error)}</p>")
        + "<p>Paste the API token that <code>charta user add</code> printed for you.</p>"
        + "<form method=\"post\" action=\"/signin\" class=\"inline\">{{ANTIFORGERY}}"
        + "<label for=\"token\">API token<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\" required size=\"60\"></label>"
        + "<button type=\"submit\">Sign in</button></form>");

    private static async Task<IResult> SignIn(HttpContext http, IAntiforgery af, UserStore users)
    {
        if (!await af.IsRequestValidAsync(http)) return Render(http, af, SignInPage("The form expired; please sign in again."), 400);
        var form = await http.Request.ReadFormAsync();
        var user = users.Verify(form["token"].ToString().Trim());
        if (user is null) return Render(http, af, SignInPage("That token is not valid."), 401);
        await http.SignInAsync(Auth.CookieScheme, Access.Principal(user, Auth.CookieScheme));
        return Results.Redirect(user.Holder is { } h ? "/holders/" + Uri.EscapeDataString(h) : "/captable");
    }

    // ---- cap table -----------------------------------------------------------------------------------------------

    private static IResult CapTablePage(HttpContext http, IAntiforgery af, LedgerService ledger, string? asOf)
    {
        var user = Access.UserOf(http.User);
        var date = Input.OptionalDate("asOf", asOf);
        var form = "<form method=\"get\" class=\"inline\"><label for=\"asOf\">As of<input id=\"asOf\" name=\"asOf\" type=\"date\" value=\""
                   + E(asOf) + "\"></label><button type=\"submit\">Show</button></form>";
        if (!date.IsOk) return Render(http, af, Page("Cap table", user, form + RefusalBlock(date.Refusal!), "captable"), 400);
        var snap = ledger.Current();
        var t = snap.CapTable(date.Value);
        if (!t.IsOk) return Render(http, af, Page("Cap table", user, form + RefusalBlock(t.Refusal!), "captable"), 422);
        var v = Access.Scope(snap.Memo($"captable:{date.Value}", () => CapTableView.From(t.Value)), user);
        var sb = new StringBuilder(form);
        sb.Append($"<p>{E(v.Company)} · charter <code>{E(v.Charter)}</code>{(v.AsOf is { } d ? " · as of " + Date(d) : "")}</p>");
        sb.Append(Table("Classes", ["Class", "Name", "#Outstanding", "#Authorized", "#Conversion price", "#Ratio", "#As converted", "Clause"],
            v.Classes.Select(c => (IReadOnlyList<string>)[c.Id, c.Name, Shares(c.Outstanding), c.Authorized is { } a ? Shares(a) : "–", Price(c.ConversionPrice),
                Ratio(c.ConversionRatio), Shares(c.AsConverted), c.Clause ?? ""]), "classes"));
        sb.Append(Table(user.Role == Role.Stockholder ? "Your holding" : "Holders", ["Holder", "Positions", "#As converted", "#Options etc.", "#Fully diluted"],
            v.Holders.Select(h => (IReadOnlyList<string>)[h.Name, string.Join("; ", h.Positions.Select(p => $"{Shares(p.Shares)} {p.Security}")),
                Shares(h.AsConverted), Shares(h.InstrumentsOutstanding), Shares(h.FullyDiluted)]), "holders"));
        if (v.Instruments.Count > 0)
            sb.Append(Table("Options, warrants and convertibles", ["Id", "Holder", "Kind", "On", "#Outstanding", "#Price", "Granted", "Expires"],
                v.Instruments.Select(i => (IReadOnlyList<string>)[i.Id, i.Holder, i.Kind, i.Underlying, Shares(i.Outstanding), Price(i.ExercisePrice), Date(i.GrantedOn), Date(i.Expires)])));
        sb.Append(Table("Totals", ["Measure", "#Shares"],
        [
            ["Common outstanding", Shares(v.Totals.CommonOutstanding)], ["Preferred outstanding", Shares(v.Totals.PreferredOutstanding)],
            ["As converted", Shares(v.Totals.AsConverted)], ["Options, warrants, convertibles", Shares(v.Totals.InstrumentsOutstanding)],
            ["Fully diluted", Shares(v.Totals.FullyDiluted)],
        ], "totals"));
        return Render(http, af, Page("Cap table", user, sb.ToString(), "captable"), 200);
    }

    // ---- ledger --------------------------------------------------------------------------------------------------

    private static IResult LedgerPage(HttpContext http, IAntiforgery af, LedgerService ledger, string? notice, int? recorded, int status, IFormCollection? form = null)
    {
        var user = Access.UserOf(http.User);
        if (user.Role == Role.Stockholder) return Forbidden(http, af, user, "The ledger names every holder; a stockholder sees its own holding only.");
        var s = ledger.Current();
        var sb = new StringBuilder();
        if (notice is not null) sb.Append(notice);
        if (recorded is { } seq) sb.Append($"<p class=\"ok\" role=\"status\">Recorded event #{seq.ToString(C)}.</p>");
        if (user.CanWrite)
        {
            string F(string n) => E(form?[n].ToString());
            sb.Append("<h2>Issue shares</h2><form method=\"post\" action=\"/ledger/issue\" class=\"inline\">{{ANTIFORGERY}}")
                .Append(Field("issue-holder", "holder", "Holder", F("holder"))).Append(Field("issue-security", "security", "Security", F("security")))
                .Append(Field("issue-shares", "shares", "Shares", F("shares"), "inputmode=\"numeric\"")).Append(Field("issue-price", "price", "Price per share", F("price"), "inputmode=\"decimal\""))
                .Append(Field("issue-date", "date", "Date", F("date"), "type=\"date\"")).Append("<button type=\"submit\">Record issuance</button></form>");
            sb.Append("<h2>Transfer shares</h2><form method=\"post\" action=\"/ledger/transfer\" class=\"inline\">{{ANTIFORGERY}}")
                .Append(Field("transfer-from", "from", "From", "")).Append(Field("transfer-to", "to", "To", ""))
                .Append(Field("transfer-security", "security", "Security", "")).Append(Field("transfer-shares", "shares", "Shares", "", "inputmode=\"numeric\""))
                .Append(Field("transfer-date", "date", "Date", "", "type=\"date\"")).Append("<button type=\"submit\">Record transfer</button></form>");
        }

        var events = s.FoldOrder;
        sb.Append(Table($"Events ({events.Count.ToString(C)}, fold order; the latest 200)", ["#Seq", "Date", "Event", "Details"],
            events.Skip(Math.Max(0, events.Count - 200)).Select(r => (IReadOnlyList<string>)[r.Sequence.ToString(C), r.Event.IsRegistry ? "–" : Date(r.Date),
                EventSerializer.Serialize(r.Event).Name, Describe(r.Event)]), "events"));
        return Render(http, af, Page("Ledger", user, sb.ToString(), "ledger"), status);
    }

    private static string Field(string id, string name, string label, string value, string extra = "") =>
        $"<label for=\"{id}\">{E(label)}<input id=\"{id}\" name=\"{name}\" value=\"{value}\" required {extra}></label>";

    private static string Describe(LedgerEvent e) => e switch
    {
        StakeholderAdded x => x.Name,
        SharesIssued x => $"{Shares(x.Shares)} {x.Security} to {x.Holder} at {Price(x.PricePerShare)}",
        SharesTransferred x => $"{Shares(x.Shares)} {x.Security} from {x.From} to {x.To}",
        InstrumentGranted x => $"{x.GrantId}: {x.Kind} over {Shares(x.MaxShares)} {x.Underlying} to {x.Holder} at {Price(x.ExercisePrice)}",
        InstrumentExercised x => $"{x.GrantId}: {Shares(x.Shares)} exercised",
        CompanyCreated x => $"company on charter {x.CharterId}",
        _ => "",
    };

    private static string RefusalBlock(Refusal r) => $"<p class=\"refusal\" role=\"alert\">Refused: {E(r.ToString())}</p>";

    private static async Task<IResult> Record(HttpContext http, IAntiforgery af, LedgerService ledger, UserStore users, string verb)
    {
        var user = Access.UserOf(http.User);
        if (!await af.IsRequestValidAsync(http)) return Results.BadRequest();
        if (!user.CanWrite) return Forbidden(http, af, user, "Only admin and counsel record events.");
        var f = await http.Request.ReadFormAsync();
        string? V(string n) => f[n].ToString() is { Length: > 0 } s ? s.Trim() : null;
        Result<long> SharesOf(string n) => long.TryParse(V(n)?.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, C, out var x)
            ? Input.Shares(n, x) : new Refusal(n, V(n) ?? "(missing)", "must be a whole number of shares");
        Result<LedgerEvent> e = verb == "issue"
            ? from date in Input.Date("date", V("date"))
              from holder in Input.Text("holder", V("holder"))
              from security in Input.Text("security", V("security"))
              from shares in SharesOf("shares")
              from price in Input.Money("price", V("price"))
              select (LedgerEvent)new SharesIssued(date, holder, security, shares, price)
            : from date in Input.Date("date", V("date"))
              from from_ in Input.Text("from", V("from"))
              from to in Input.Text("to", V("to"))
              from security in Input.Text("security", V("security"))
              from shares in SharesOf("shares")
              select (LedgerEvent)new SharesTransferred(date, from_, to, security, shares);
        if (!e.IsOk) return LedgerPage(http, af, ledger, RefusalBlock(e.Refusal!), null, 400, f);
        var outcome = ledger.Write([e.Value], dryRun: false, expectedLastSequence: null, (a, b) => users.RecordWrite(user, a, b, DateTimeOffset.UtcNow), user.Name);
        if (!outcome.IsOk) return LedgerPage(http, af, ledger, RefusalBlock(outcome.Refusal!), null, 422, f);
        return Results.Redirect("/ledger?recorded=" + outcome.LastSequence.ToString(C));
    }

    // ---- waterfall -----------------------------------------------------------------------------------------------

    private static IResult WaterfallPage(HttpContext http, IAntiforgery af, LedgerService ledger, string? exit, string? asOf)
    {
        var user = Access.UserOf(http.User);
        var date = Input.OptionalDate("asOf", asOf);
        if (!date.IsOk) return Render(http, af, Page("Waterfall", user, RefusalBlock(date.Refusal!), "waterfall"), 400);
        var snap = ledger.Current();
        var t = snap.CapTable(date.Value);
        if (!t.IsOk) return Render(http, af, Page("Waterfall", user, RefusalBlock(t.Refusal!), "waterfall"), 422);
        var model = Apis.Model(snap, date.Value, t.Value);
        var curve = snap.Memo($"curve:{date.Value}", () => PayoutCurve.Build(model));
        var last = curve.Breakpoints.Select(b => b.Exit).DefaultIfEmpty(0m).Max();
        var max = Nice(Math.Max(1_000_000m, last * 2m));
        var step = Math.Max(1m, decimal.Floor(max / 200m));
        var amount = exit is null ? Nice(max / 4m) : Input.Money("exit", exit);
        var sb = new StringBuilder();
        sb.Append("<form method=\"get\" class=\"inline\" id=\"explorer\">")
          .Append($"<label for=\"exit\">Exit value (US$)<input id=\"exit\" name=\"exit\" type=\"range\" min=\"0\" max=\"{max.ToString(C)}\" step=\"{step.ToString(C)}\" value=\"{(amount.IsOk ? amount.Value : 0m).ToString(C)}\" oninput=\"document.getElementById('exit-value').value = Number(this.value).toLocaleString('en-US')\" onchange=\"this.form.requestSubmit()\"></label>")
          .Append($"<output id=\"exit-value\" for=\"exit\">{(amount.IsOk ? Money(amount.Value) : "")}</output>")
          .Append($"<label for=\"wf-asOf\">As of<input id=\"wf-asOf\" name=\"asOf\" type=\"date\" value=\"{E(asOf)}\"></label>")
          .Append("<button type=\"submit\">Show</button></form>");
        if (!amount.IsOk) return Render(http, af, Page("Waterfall", user, sb + RefusalBlock(amount.Refusal!), "waterfall"), 400);
        var solved = Waterfall.Solve(model, amount.Value);
        if (!solved.IsOk) return Render(http, af, Page("Waterfall", user, sb + RefusalBlock(solved.Refusal!), "waterfall"), 422);
        var r = Access.Scope(solved.Value, user);
        sb.Append($"<p id=\"summary\">At an exit of <strong>{Money(r.Exit)}</strong> common receives {Price(decimal.Round(r.CommonPricePerShare, 4, MidpointRounding.AwayFromZero))} per share.</p>");
        var rows = r.Classes.Select(c => (IReadOnlyList<string>)[c.Id, c.Decision, Shares(c.Shares), Shares(c.AsConvertedShares), Money(c.Total), c.Clause]).ToList();
        if (solved.Value.Options.Count > 0)
            rows.Add([LiquidationModel.OptionsClassId, solved.Value.Options.Any(o => o.Exercised) ? "exercise" : "out-of-the-money",
                Shares(solved.Value.Options.Sum(o => o.Shares)), Shares(solved.Value.Options.Sum(o => o.Shares)), Money(solved.Value.Options.Sum(o => o.Total)), "spread"]);
        sb.Append(Table("By class", ["Class", "Decision", "#Shares", "#As converted", "#Total", "Clause"], rows, "by-class"));
        sb.Append(Table(user.Role == Role.Stockholder ? "Your payout" : "By holder", ["Holder", "#Total"],
            r.Holders.Select(h => (IReadOnlyList<string>)[h.Holder, Money(h.Total)]), "by-holder"));
        sb.Append("<figure><figcaption>Payout by class against the exit value; breakpoints dashed.</figcaption>")
          .Append(Apis.Chart(t.Value, max, stacked: false)).Append("</figure>");
        return Render(http, af, Page("Waterfall", user, sb.ToString(), "waterfall"), 200);
    }

    /// <summary>Rounds up to 1, 2 or 5 times a power of ten, for slider ends.</summary>
    private static decimal Nice(decimal x)
    {
        var p = 1m;
        while (p * 10m <= x) p *= 10m;
        return x <= p ? p : x <= 2m * p ? 2m * p : x <= 5m * p ? 5m * p : 10m * p;
    }

    // ---- conversion prices ---------------------------------------------------------------------------------------

    private static IResult ConversionPage(HttpContext http, IAntiforgery af, LedgerService ledger)
    {
        var user = Access.UserOf(http.User);
        var t = ledger.Current().Latest;
        if (!t.IsOk) return Render(http, af, Page("Conversion prices", user, RefusalBlock(t.Refusal!), "conversion"), 422);
        var c = t.Value;
        var reasons = user.Role != Role.Stockholder;
        var sb = new StringBuilder();
        sb.Append($"<p>Original Issue Date: {Date(c.OriginalIssueDate)}</p>");
        sb.Append(Table("Series", ["Series", "#Original issue price", "#Initial", "#Now", "#Common per share", "Clause"],
            c.Charter.Series.Select(s => (IReadOnlyList<string>)[s.Id, Price(s.OriginalIssuePrice.Value), Price(s.InitialConversionPrice.Value),
                Price(c.ConversionPrice(s.Id)), Ratio(c.ConversionRatio(s.Id)), s.InitialConversionPrice.Clause]), "series"));
        // Each change links to its certificate (the charter's certificate of adjustment) as Markdown, HTML or PDF.
        string Certificate(long seq) => Raw(string.Join(" ", new[] { ("md", "Markdown"), ("html", "HTML"), ("pdf", "PDF") }.Select(f =>
            $"<a href=\"/api/conversion-prices/certificates/{seq.ToString(C)}?format={f.Item1}\" download aria-label=\"Certificate for event {seq.ToString(C)} as {f.Item2}\">{f.Item1}</a>")));
        sb.Append(Table("History", reasons ? ["Date", "Series", "#From", "#To", "Clause", "#Event", "Why", "Certificate"] : ["Date", "Series", "#From", "#To", "Clause"],
            c.ConversionPriceHistory.Select(h => reasons
                ? (IReadOnlyList<string>)[Date(h.Date), h.Series, Price(h.From), Price(h.To), h.Clause, h.EventSequence.ToString(C), h.Reason, Certificate(h.EventSequence)]
                : [Date(h.Date), h.Series, Price(h.From), Price(h.To), h.Clause]), "history"));
        return Render(http, af, Page("Conversion prices", user, sb.ToString(), "conversion"), 200);
    }

    // ---- a holder ------------------------------------------------------------------------------------------------

    private static IResult HolderPage(HttpContext http, IAntiforgery af, LedgerService ledger, string name, string? exit)
    {
        var user = Access.UserOf(http.User);
        if (!user.CanSeeHolder(name)) return Forbidden(http, af, user, "A stockholder sees its own holding only.");
        var t = ledger.Current().Latest;
        if (!t.IsOk) return Render(http, af, Page(name, user, RefusalBlock(t.Refusal!)), 422);
        if (!t.Value.HasHolder(name)) return Render(http, af, Page("Not found", user, $"<p class=\"refusal\" role=\"alert\">No holder named {E(name)}.</p>"), 404);
        var v = CapTableView.From(t.Value);
        var h = v.Holders.FirstOrDefault(x => x.Name == name);
        var sb = new StringBuilder();
        sb.Append(Table("Positions", ["Security", "#Shares", "#As converted"],
            (h?.Positions ?? []).Select(p => (IReadOnlyList<string>)[p.Security, Shares(p.Shares), Shares(p.AsConverted)]), "positions"));
        sb.Append(Table("Options, warrants and convertibles", ["Id", "Kind", "On", "#Outstanding", "#Price", "Expires"],
            v.Instruments.Where(i => i.Holder == name).Select(i => (IReadOnlyList<string>)[i.Id, i.Kind, i.Underlying, Shares(i.Outstanding), Price(i.ExercisePrice), Date(i.Expires)])));
        var fd = h?.FullyDiluted ?? 0;
        sb.Append($"<p>Fully diluted: {Shares(fd)} of {Shares(v.Totals.FullyDiluted)} shares.</p>");
        var amount = Input.Money("exit", exit ?? "0");
        if (exit is not null && amount.IsOk && Waterfall.Solve(LiquidationModel.From(t.Value), amount.Value) is { IsOk: true } w)
        {
            var mine = w.Value.Holders.FirstOrDefault(x => x.Holder == name)?.Total ?? 0m;
            sb.Append($"<p id=\"payout\">At an exit of {Money(amount.Value)} you receive <strong>{Money(mine)}</strong>.</p>");
        }

        sb.Append($"<form method=\"get\" class=\"inline\"><label for=\"h-exit\">Payout at an exit of (US$)<input id=\"h-exit\" name=\"exit\" inputmode=\"decimal\" value=\"{E(exit)}\"></label><button type=\"submit\">Show</button></form>");
        return Render(http, af, Page(name, user, sb.ToString(), user.Holder == name ? "me" : null), 200);
    }

    // ---- approvals -----------------------------------------------------------------------------------------------

    private static IResult ApprovalsPage(HttpContext http, IAntiforgery af, LedgerService ledger, TimeProvider clock, string? action, string? asOf, string? retainedEquity)
    {
        var user = Access.UserOf(http.User);
        var chosen = string.IsNullOrWhiteSpace(action) ? Charta.Core.Covenants.Approvals.General : action.Trim();
        var form = new StringBuilder("<form method=\"get\" class=\"inline\" aria-label=\"Choose an action\">");
        form.Append("<label for=\"a-action\">Proposed action<select id=\"a-action\" name=\"action\">");
        foreach (var a in Charta.Core.Covenants.Approvals.Actions)
            form.Append("<option").Append(a == chosen ? " selected" : "").Append('>').Append(E(a)).Append("</option>");
        form.Append("</select></label>");
        form.Append($"<label for=\"a-asof\">As of<input id=\"a-asof\" name=\"asOf\" type=\"date\" value=\"{E(asOf)}\"></label>");
        form.Append($"<label for=\"a-retained\">Equity kept by the stockholders (a merger)<input id=\"a-retained\" name=\"retainedEquity\" placeholder=\"60%\" value=\"{E(retainedEquity)}\"></label>");
        form.Append("<button type=\"submit\">Show</button></form>");
        var retained = GovernanceApis.Retained("retainedEquity", retainedEquity);
        if (!retained.IsOk) return Render(http, af, Page("Approvals", user, form + RefusalBlock(retained.Refusal!), "approvals"), 400);
        var date = Input.OptionalDate("asOf", asOf);
        if (!date.IsOk) return Render(http, af, Page("Approvals", user, form + RefusalBlock(date.Refusal!), "approvals"), 400);
        var result = ledger.Current().CapTable(date.Value ?? GovernanceApis.Today(clock)).Bind(t =>
            Charta.Core.Covenants.Approvals.Required(t.Charter, Charta.Core.Voting.Votes.Count(t), new Charta.Core.Covenants.ProposedAction(chosen, retained.Value)).Map(r => (t, r)));
        if (!result.IsOk) return Render(http, af, Page("Approvals", user, form + RefusalBlock(result.Refusal!), "approvals"), 422);
        var (table, required) = result.Value;
        var sb = new StringBuilder(form.ToString());
        sb.Append($"<p>What the charter (and the law it names) requires for <strong>{E(chosen)}</strong>, measured on the ledger as of {Date(table.AsOf)}.</p>");
        sb.Append(Table("Required approvals", ["Clause", "Who", "Base", "Threshold", "#Outstanding", "#Needed", "Required", "Note"],
            required.Select(a => (IReadOnlyList<string>)[a.Clause, a.Body, a.Base ?? "", a.Fraction is null ? (a.Threshold ?? "") : $"{a.Threshold} ({GovernanceViews.Percent(a.Fraction)})",
                a.Whole is { } w ? Shares(w) : "", a.Needed is { } n ? Shares(n) : "", a.Kind != "charter" ? "by law" : a.Applies ? "yes" : "no", a.Note ?? ""]), "approvals"));
        return Render(http, af, Page("Approvals", user, sb.ToString(), "approvals"), 200);
    }
}
