using System.Globalization;
using System.Text.Json;
using Charta.Charts;
using Charta.Core;
using Charta.Core.Ledger;
using Charta.Core.Liquidation;
using Charta.Views;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Charta.Server;

/// <summary>A write's body fields shared by every verb: try it without writing, and the sequence the caller decided on.</summary>
public interface IWriteRequest
{
    bool DryRun { get; }

    long? ExpectedSequence { get; }
}

public sealed record HolderRequest(string? Name, string? Kind, bool DryRun = false, long? ExpectedSequence = null) : IWriteRequest;

public sealed record IssueRequest(string? Holder, string? Security, long? Shares, decimal? Price, string? Date, string? Consideration = null,
    string? Exclusion = null, string? Approval = null, bool DryRun = false, long? ExpectedSequence = null) : IWriteRequest;

/// <summary>`grant`: an option, warrant or convertible over shares (shares, price), or a note or SAFE (amount and its conversion terms).</summary>
public sealed record GrantRequest(string? Holder, string? Kind, long? Shares, decimal? Price, string? Date, string? Expires = null, string? Security = null,
    string? Id = null, decimal? Consideration = null, string? Exclusion = null, string? Approval = null, bool DryRun = false, long? ExpectedSequence = null,
    decimal? Amount = null, decimal? Cap = null, decimal? Discount = null, decimal? Rate = null, string? Interest = null, string? DayCount = null,
    string? SafeKind = null, bool Mfn = false) : IWriteRequest;

public sealed record ExerciseRequest(string? Id, long? Shares, string? Date, bool DryRun = false, long? ExpectedSequence = null) : IWriteRequest;

public sealed record TransferRequest(string? From, string? To, string? Security, long? Shares, string? Date, bool DryRun = false, long? ExpectedSequence = null) : IWriteRequest;

/// <summary>The HTTP API, one group per capability. Every handler parses, calls the core once and renders a shared view.</summary>
public static class Apis
{
    public static void Map(IEndpointRouteBuilder app)
    {
        // Every API answer may be a problem (RFC 7807): listed in the OpenAPI document with the status mapping.
        var api = app.MapGroup("/api").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        MapCompany(api.MapGroup("/company").WithTags("Company"));
        MapHolders(api.MapGroup("/holders").WithTags("Holders"));
        MapEvents(api.MapGroup("/events").WithTags("Events"));
        MapCapTable(api.MapGroup("/captable").WithTags("Cap table"));
        MapLiquidation(api.MapGroup("").WithTags("Liquidation"));
        MapConversion(api.MapGroup("/conversion-prices").WithTags("Conversion"));
        WriteApis.Map(api.MapGroup("/events").WithTags("Events").ProducesProblem(StatusCodes.Status409Conflict));
        GovernanceApis.Map(api.MapGroup("").WithTags("Governance"));
        AnalysisApis.Map(api.MapGroup("").WithTags("Valuation and model"));
    }

    // ---- reads -------------------------------------------------------------------------------------------------

    private static void MapCompany(RouteGroupBuilder g)
    {
        g.MapGet("/", Results<Ok<object>, ProblemHttpResult> (LedgerService ledger) =>
        {
            var s = ledger.Current();
            if (!s.Latest.IsOk) return Problems.Refused(s.Latest.Refusal!);
            var t = s.Latest.Value;
            return TypedResults.Ok<object>(new { company = t.Charter.Company, charter = t.CharterId, lastSequence = s.LastSequence });
        }).WithName("GetCompany").WithSummary("The company, its charter id and the ledger's last sequence (for expectedSequence).");

        g.MapGet("/charter", Results<Ok<CharterView>, ProblemHttpResult> (LedgerService ledger) =>
        {
            var s = ledger.Current();
            return s.Latest.IsOk ? TypedResults.Ok(CharterView.From(s.Latest.Value.Charter)) : Problems.Refused(s.Latest.Refusal!);
        }).WithName("GetCharter").WithSummary("`charter show --json`: every term with its clause.");
    }

    private static void MapHolders(RouteGroupBuilder g)
    {
        g.MapGet("/", Results<Ok<object>, ProblemHttpResult> (LedgerService ledger, HttpContext http) =>
        {
            var user = Access.UserOf(http.User);
            var s = ledger.Current();
            if (!s.Latest.IsOk) return Problems.Refused(s.Latest.Refusal!);
            var t = s.Latest.Value;
            return TypedResults.Ok<object>(new { holders = t.Holders.Where(user.CanSeeHolder).Select(h => new { name = h, kind = t.HolderKinds[h] }) });
        }).WithName("ListHolders").WithSummary("`holder list --json` (a stockholder sees only itself).");

        g.MapGet("/{name}", Results<Ok<object>, ProblemHttpResult> (string name, string? asOf, LedgerService ledger, HttpContext http) =>
        {
            var user = Access.UserOf(http.User);
            if (!user.CanSeeHolder(name)) return Problems.Forbidden("a stockholder sees only its own holding");
            var date = Input.OptionalDate("asOf", asOf);
            if (!date.IsOk) return Problems.BadInput(date.Refusal!);
            var t = ledger.Current().CapTable(date.Value);
            if (!t.IsOk) return Problems.Refused(t.Refusal!);
            return HolderView(t.Value, name) is { } v ? TypedResults.Ok(v) : Problems.NotFound(new Refusal("name", name, "no such holder in the ledger"));
        }).WithName("GetHolder").WithSummary("One holder's positions and instruments.");

        g.MapPost("/", (HolderRequest r, LedgerService ledger, UserStore users, HttpContext http, TimeProvider clock) =>
            Write(r, ledger, users, http, () => Input.Text("name", r.Name).Map(n => (LedgerEvent)new StakeholderAdded(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), n, r.Kind))))
            .RequireAuthorization(Auth.WritePolicy).WithName("AddHolder").WithSummary("`holder add`.");
    }

    internal static object? HolderView(CapTable t, string name)
    {
        if (!t.HasHolder(name)) return null;
        // The same figures as the holder's row of CapTableView, computed for one holder only.
        var positions = t.PositionsOf(name).Select(p => new CapTableView.PositionView(p.Security, p.Shares, t.AsConvertedPosition(p.Security, p.Shares))).ToArray();
        var mine = t.Instruments.Values.Where(i => i.Holder == name).OrderBy(i => i.GrantedOn).ThenBy(i => i.GrantId, StringComparer.Ordinal).ToArray();
        var asConverted = positions.Sum(p => p.AsConverted);
        var instruments = mine.Where(i => i.Outstanding > 0).Sum(i => t.Charter.IsCommon(i.Underlying) ? i.Outstanding : t.AsConverted(i.Underlying, i.Outstanding));
        return new
        {
            name,
            kind = t.HolderKinds[name],
            asOf = t.AsOf,
            positions,
            asConverted,
            instrumentsOutstanding = instruments,
            fullyDiluted = asConverted + instruments,
            instruments = mine.Select(i => new CapTableView.InstrumentView(i.GrantId, i.Holder, i.Kind, i.Underlying, i.Outstanding, i.ExercisePrice, i.GrantedOn, i.Expires,
                i.Exercised, i.Cancelled, i.Expired, i.Exclusion)).ToArray(),
        };
    }

    private static void MapEvents(RouteGroupBuilder g)
    {
        g.MapGet("/", Results<Ok<object>, ProblemHttpResult> (int? offset, int? limit, LedgerService ledger, HttpContext http) =>
        {
            if (Access.UserOf(http.User).Role == Role.Stockholder) return Problems.Forbidden("the ledger names every holder; a stockholder reads its own holding at /api/holders/{name}");
            var o = offset ?? 0;
            var l = limit ?? 100;
            if (o < 0) return Problems.BadInput(new Refusal("offset", o.ToString(System.Globalization.CultureInfo.InvariantCulture), "must not be negative"));
            if (l is < 1 or > 1000) return Problems.BadInput(new Refusal("limit", l.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be 1 to 1000"));
            var s = ledger.Current();
            var events = s.FoldOrder;
            var voidedBy = s.Memo("voided-by", () => LedgerViews.VoidedBy(events));
            var page = events.Skip(o).Take(l).Select(r => LedgerViews.Event(r, voidedBy)).ToArray();
            return TypedResults.Ok<object>(new { events = page, offset = o, limit = l, total = events.Count });
        }).WithName("ListEvents").WithSummary("`log --json`, a page at a time (fold order).");

        g.MapPost("/issue", (IssueRequest r, LedgerService ledger, UserStore users, HttpContext http) =>
            Write(r, ledger, users, http, () =>
                from date in Input.Date("date", r.Date)
                from holder in Input.Text("holder", r.Holder)
                from security in Input.Text("security", r.Security)
                from shares in Input.Shares("shares", r.Shares)
                from price in Input.Money("price", r.Price)
                select (LedgerEvent)new SharesIssued(date, holder, security, shares, price, r.Consideration ?? "cash", r.Exclusion, r.Approval)))
            .RequireAuthorization(Auth.WritePolicy).WithName("Issue").WithSummary("`issue`: shares of common or of a series.");

        g.MapPost("/grant", (GrantRequest r, LedgerService ledger, UserStore users, HttpContext http) =>
            Write(r, ledger, users, http, () => r.Kind is "note" or "safe" ? Convertible(r, ledger) :
                from date in Input.Date("date", r.Date)
                from holder in Input.Text("holder", r.Holder)
                from kind in Kind(r.Kind)
                from shares in Input.Shares("shares", r.Shares)
                from price in Input.Money("price", r.Price)
                from expires in Input.OptionalDate("expires", r.Expires)
                let t = ledger.Current()
                let underlying = r.Security ?? (t.Latest.IsOk ? t.Latest.Value.Charter.Common.Id : "common")
                let id = r.Id ?? (t.Latest.IsOk ? t.Latest.Value.NextFreeInstrumentId() : "G-1")
                select (LedgerEvent)new InstrumentGranted(date, id, holder, kind, underlying, shares, price, expires, r.Consideration ?? 0m, r.Exclusion, r.Approval)))
            .RequireAuthorization(Auth.WritePolicy).WithName("Grant").WithSummary("`grant`: an option, warrant or convertible; or (kind note or safe) a note or SAFE with its conversion terms.");

        g.MapPost("/exercise", (ExerciseRequest r, LedgerService ledger, UserStore users, HttpContext http) =>
            Write(r, ledger, users, http, () =>
                from date in Input.Date("date", r.Date)
                from id in Input.Text("id", r.Id)
                from shares in Input.Shares("shares", r.Shares)
                select (LedgerEvent)new InstrumentExercised(date, id, shares)))
            .RequireAuthorization(Auth.WritePolicy).WithName("Exercise").WithSummary("`exercise`: an option or warrant, or convert a convertible.");

        g.MapPost("/transfer", (TransferRequest r, LedgerService ledger, UserStore users, HttpContext http) =>
            Write(r, ledger, users, http, () =>
                from date in Input.Date("date", r.Date)
                from from_ in Input.Text("from", r.From)
                from to in Input.Text("to", r.To)
                from security in Input.Text("security", r.Security)
                from shares in Input.Shares("shares", r.Shares)
                select (LedgerEvent)new SharesTransferred(date, from_, to, security, shares)))
            .RequireAuthorization(Auth.WritePolicy).WithName("Transfer").WithSummary("`transfer`: shares between holders.");
    }

    private static Result<string> Kind(string? k) =>
        k is "option" or "warrant" or "convertible" ? k : new Refusal("kind", k ?? "(missing)", "must be option, warrant, convertible, note or safe");

    /// <summary>`grant --kind note|safe`: a convertible-issued event with its conversion terms (read by the round model).</summary>
    private static Result<LedgerEvent> Convertible(GrantRequest r, LedgerService ledger) =>
        from date in Input.Date("date", r.Date)
        from holder in Input.Text("holder", r.Holder)
        from amount in Input.Money("amount", r.Amount)
        from positive in amount > 0 ? Result.Ok(amount) : new Refusal("amount", amount.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be positive")
        let t = ledger.Current()
        let id = r.Id ?? (t.Latest.IsOk ? t.Latest.Value.NextFreeInstrumentId() : "G-1")
        select (LedgerEvent)new ConvertibleIssued(date, id, holder, positive, r.Kind!,
            new ConvertibleTerms(r.Kind!, r.Cap, r.Discount, r.Rate ?? 0m, r.Interest ?? "simple", r.DayCount ?? "actual/365", r.SafeKind ?? "post-money", r.Mfn));

    /// <summary>The JSON settings of the API (the views' settings, not indented), for responses cached as bytes.</summary>
    internal static readonly JsonSerializerOptions Json = ViewJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private static void MapCapTable(RouteGroupBuilder g) =>
        g.MapGet("/", IResult (string? asOf, LedgerService ledger, HttpContext http) =>
        {
            var date = Input.OptionalDate("asOf", asOf);
            if (!date.IsOk) return Problems.BadInput(date.Refusal!);
            var s = ledger.Current();
            var t = s.CapTable(date.Value);
            if (!t.IsOk) return Problems.Refused(t.Refusal!);
            var user = Access.UserOf(http.User);
            // One body per state of the ledger, date and scope (everyone but a stockholder reads the same document; the
            // latest one is evolved from the previous state's by the rows that changed), kept as bytes (CachedResponses);
            // the latest document for everyone but a stockholder is kept in parts (its runs of rows, gzipped apart).
            var key = $"captable:{date.Value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}:{CachedResponses.Scope(user)}";
            if (date.Value is null && user.Role != Role.Stockholder)
                return CachedResponses.RespondInParts(http, s, key, s.CapTableDocument);
            return CachedResponses.Respond(http, s, key, () =>
            {
                var view = date.Value is null ? s.CapTableDocument().View : s.Memo($"captable:{date.Value}", () => CapTableView.From(t.Value));
                if (user.Role == Role.Stockholder) return JsonSerializer.SerializeToUtf8Bytes(Access.Scope(view, user), Json);
                return date.Value is null ? s.CapTableDocument().Json : JsonSerializer.SerializeToUtf8Bytes(view, Json);
            });
        }).Produces<CapTableView>().WithName("GetCapTable").WithSummary("`captable --json` as of a date (a stockholder sees the classes, the totals and its own holding).");

    internal static LiquidationModel Model(LedgerService.Snapshot s, DateOnly? date, CapTable t) =>
        date is null ? s.LatestModel() : s.Memo($"{LedgerService.Snapshot.LatestModelKey}{date}", () => LiquidationModel.From(t));

    private static void MapLiquidation(RouteGroupBuilder g)
    {
        g.MapGet("/waterfall", IResult (string? exit, string? asOf, bool? explain, LedgerService ledger, HttpContext http) =>
        {
            var user = Access.UserOf(http.User);
            var amount = Input.Money("exit", exit);
            if (!amount.IsOk) return Problems.BadInput(amount.Refusal!);
            var date = Input.OptionalDate("asOf", asOf);
            if (!date.IsOk) return Problems.BadInput(date.Refusal!);
            var s = ledger.Current();
            var t = s.CapTable(date.Value);
            if (!t.IsOk) return Problems.Refused(t.Refusal!);
            var steps = Access.Explain(explain ?? false, user);
            // One body per state, exit (as written: its scale shows in the answer), date, explain and scope.
            var key = $"waterfall:{amount.Value.ToString(CultureInfo.InvariantCulture)}:{date.Value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}:{steps}:{CachedResponses.Scope(user)}";
            return CachedResponses.Respond(http, s, key, () =>
                Waterfall.Solve(Model(s, date.Value, t.Value), amount.Value).Map(w => CachedResponses.WaterfallJson(Access.Scope(w, user), steps)),
                BodyCompression.Cheapest); // a body per exit, mostly read once: compressed at brotli's cheapest
        }).Produces<object>().WithName("GetWaterfall").WithSummary("`waterfall --json`: the charter's liquidation preference at an exit (a stockholder sees the classes and its own payout).");

        g.MapGet("/breakpoints", Results<Ok<object>, ProblemHttpResult> (string? asOf, LedgerService ledger) =>
        {
            var date = Input.OptionalDate("asOf", asOf);
            if (!date.IsOk) return Problems.BadInput(date.Refusal!);
            var s = ledger.Current();
            var t = s.CapTable(date.Value);
            return t.IsOk ? TypedResults.Ok(LedgerViews.Breakpoints(s.Memo($"curve:{date.Value}", () => PayoutCurve.Build(Model(s, date.Value, t.Value))))) : Problems.Refused(t.Refusal!);
        }).WithName("GetBreakpoints").WithSummary("`breakpoints --json`: exits where the split changes, by class.");

        g.MapGet("/charts/waterfall.svg", Results<ContentHttpResult, ProblemHttpResult> (string? max, string? asOf, bool? stacked, LedgerService ledger) =>
        {
            var m = Input.Money("max", max ?? "500000000");
            if (!m.IsOk) return Problems.BadInput(m.Refusal!);
            if (m.Value <= 0) return Problems.BadInput(new Refusal("max", max ?? "", "must be positive"));
            var date = Input.OptionalDate("asOf", asOf);
            if (!date.IsOk) return Problems.BadInput(date.Refusal!);
            var t = ledger.Current().CapTable(date.Value);
            if (!t.IsOk) return Problems.Refused(t.Refusal!);
            return TypedResults.Text(Chart(t.Value, m.Value, stacked ?? false), "image/svg+xml");
        }).WithName("GetWaterfallChart").WithSummary("`chart waterfall` as SVG: each class's payout against the exit, breakpoints dashed.");
    }

    internal static string Chart(CapTable t, decimal max, bool stacked)
    {
        var curve = PayoutCurve.Build(LiquidationModel.From(t));
        var title = $"{t.Charter.Company}: liquidation payout {(stacked ? "(stacked)" : "by class")}";
        var svg = WaterfallChart.Build(curve, max, stacked, title, 200).GetSvgHtml(960, 600);
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);   // drop the XML prolog: the SVG is also inlined in a page
        return start > 0 ? svg[start..] : svg;
    }

    private static void MapConversion(RouteGroupBuilder g)
    {
        g.MapGet("/", Results<Ok<object>, ProblemHttpResult> (string? asOf, LedgerService ledger, HttpContext http) =>
        {
            var date = Input.OptionalDate("asOf", asOf);
            if (!date.IsOk) return Problems.BadInput(date.Refusal!);
            var t = ledger.Current().CapTable(date.Value);
            return t.IsOk
                ? TypedResults.Ok(LedgerViews.ConversionPrices(t.Value, withReasons: Access.UserOf(http.User).Role != Role.Stockholder))
                : Problems.Refused(t.Refusal!);
        }).WithName("GetConversionPrices").WithSummary("`conversion-prices --json` (a stockholder gets each change without the reason naming a holder).");

        g.MapGet("/certificates/{event}", Results<FileContentHttpResult, ProblemHttpResult> (long @event, string? format, string? holder, string? asOf, LedgerService ledger, HttpContext http) =>
        {
            // The facts of an adjustment name the holders of the issue that caused it: not a stockholder's document here.
            if (Access.UserOf(http.User).Role == Role.Stockholder) return Problems.Forbidden("a certificate states the facts of the issue, which name holders; ask counsel for yours");
            var f = format ?? "md";
            if (f is not ("md" or "html" or "pdf")) return Problems.BadInput(new Refusal("format", f, "must be md, html or pdf"));
            var date = Input.OptionalDate("asOf", asOf);
            if (!date.IsOk) return Problems.BadInput(date.Refusal!);
            var cert = ledger.Current().CapTable(date.Value).Bind(t => Core.Conversion.AdjustmentCertificate.For(t, @event, string.IsNullOrWhiteSpace(holder) ? null : holder));
            if (!cert.IsOk) return Problems.Refused(cert.Refusal!);
            var md = Documents.CertificateText.Markdown(cert.Value);
            var name = $"certificate-event-{@event.ToString(System.Globalization.CultureInfo.InvariantCulture)}.{f}";
            return f switch
            {
                "pdf" => TypedResults.File(Documents.MarkdownDocuments.Pdf(md), "application/pdf", name),
                "html" => TypedResults.File(System.Text.Encoding.UTF8.GetBytes(Documents.MarkdownDocuments.Html(md, "Certificate as to adjustment of the Conversion Price")), "text/html; charset=utf-8", name),
                _ => TypedResults.File(System.Text.Encoding.UTF8.GetBytes(md), "text/markdown; charset=utf-8", name),
            };
        }).WithName("GetCertificate").WithSummary("`certificate --format md|html|pdf`: the charter's certificate of a conversion-price adjustment (event = the adjusting event).");
    }

    // ---- writes ------------------------------------------------------------------------------------------------

    /// <summary>201 with the recorded events; 200 on a dry run; 400 bad input; 422 refused; 409 stale expectedSequence.</summary>
    internal static Results<Created<object>, Ok<object>, ProblemHttpResult> Write(IWriteRequest r, LedgerService ledger, UserStore users, HttpContext http,
        Func<Result<LedgerEvent>> build, Func<WriteOutcome, Result<object>>? result = null, Func<Refusal, Refusal>? rename = null)
    {
        var user = Access.UserOf(http.User);
        var e = build();
        if (!e.IsOk) return Problems.BadInput(e.Refusal!);
        var outcome = ledger.Write([e.Value], r.DryRun, r.ExpectedSequence, (first, last) => users.RecordWrite(user, first, last, DateTimeOffset.UtcNow), user.Name);
        if (outcome.Conflict) return Problems.Conflict(outcome.Refusal!);
        if (!outcome.IsOk) return Problems.Refused(rename?.Invoke(outcome.Refusal!) ?? outcome.Refusal!);
        return Respond(r, user, outcome, result);
    }

    /// <summary>
    /// A write of the events a command decides on the current state (several events, or decided by a core function
    /// that reads the ledger, e.g. an offering): the same answers as <see cref="Write"/>; <paramref name="refused"/>
    /// may add what the refusal shows (e.g. both readings' outcomes).
    /// </summary>
    internal static Results<Created<object>, Ok<object>, ProblemHttpResult> WriteCommand(IWriteRequest r, LedgerService ledger, UserStore users, HttpContext http,
        Func<LedgerService.Snapshot, Result<IReadOnlyList<LedgerEvent>>> command, Func<WriteOutcome, Result<object>>? result = null,
        Func<Refusal, ProblemHttpResult>? refused = null)
    {
        var user = Access.UserOf(http.User);
        var outcome = ledger.Write(command, r.DryRun, r.ExpectedSequence, (first, last) => users.RecordWrite(user, first, last, DateTimeOffset.UtcNow), user.Name);
        if (outcome.Conflict) return Problems.Conflict(outcome.Refusal!);
        if (!outcome.IsOk) return refused?.Invoke(outcome.Refusal!) ?? Problems.Refused(outcome.Refusal!);
        return Respond(r, user, outcome, result);
    }

    private static Results<Created<object>, Ok<object>, ProblemHttpResult> Respond(IWriteRequest r, User user, WriteOutcome outcome, Func<WriteOutcome, Result<object>>? result)
    {
        // What the CLI's --json prints for the verb (a conversion's quote, a dividend's allocation), beside the events.
        var detail = result?.Invoke(outcome);
        if (detail is { IsOk: false } refused) return Problems.Refused(refused.Refusal!);
        var events = outcome.Events.Select(x => LedgerViews.Event(x)).ToArray();
        object body = detail is null
            ? new { dryRun = r.DryRun, recordedBy = user.Name, lastSequence = outcome.LastSequence, events }
            : new { dryRun = r.DryRun, recordedBy = user.Name, lastSequence = outcome.LastSequence, events, result = detail.Value.Value };
        return r.DryRun ? TypedResults.Ok(body) : TypedResults.Created("/api/events", body);
    }
}

/// <summary>LINQ query syntax over <see cref="Result{T}"/>: the first refusal wins.</summary>
public static class ResultQuery
{
    public static Result<TOut> Select<T, TOut>(this Result<T> r, Func<T, TOut> f) => r.Map(f);

    public static Result<TOut> SelectMany<T, TMid, TOut>(this Result<T> r, Func<T, Result<TMid>> bind, Func<T, TMid, TOut> project) =>
        r.Bind(x => bind(x).Map(y => project(x, y)));
}
