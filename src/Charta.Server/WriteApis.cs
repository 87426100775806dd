using System.Globalization;
using Charta.Core;
using Charta.Core.Conversion;
using Charta.Core.Dividends;
using Charta.Core.Ledger;
using Charta.Views;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Charta.Server;

public sealed record ExpireRequest(string? Id, string? Date, bool DryRun = false, long? ExpectedSequence = null) : IWriteRequest;

public sealed record CancelRequest(string? Id, long? Shares, string? Date, string? Reason = null, bool DryRun = false, long? ExpectedSequence = null) : IWriteRequest;

/// <summary>`repurchase`: common (default: the charter's first common class) is cancelled; a series is bought back by agreement, with its price, the Board's approval and the consent the charter needs.</summary>
public sealed record RepurchaseRequest(string? Holder, long? Shares, string? Date, string? Security = null, string? Reason = null, bool DryRun = false, long? ExpectedSequence = null,
    decimal? Price = null, string? Approval = null, ConsentBody? Consent = null, string? Reading = null) : IWriteRequest;

public sealed record SplitRequest(string? Ratio, string? Date, bool DryRun = false, long? ExpectedSequence = null) : IWriteRequest;

public sealed record VoidRequest(long? Event, string? Reason, bool DryRun = false, long? ExpectedSequence = null) : IWriteRequest;

public sealed record RepriceRequest(string? Id, decimal? Price, string? Date, long? Shares = null, bool DryRun = false, long? ExpectedSequence = null) : IWriteRequest;

public sealed record IssueMixedRequest(string? Holder, long? Shares, string? With, decimal? Total, decimal? Allocated, string? Approval, string? Date,
    bool DryRun = false, long? ExpectedSequence = null) : IWriteRequest;

/// <summary>`conversion-vote`: all preferred converts on the charter's vote; with <see cref="Series"/>, that series alone on its own holders' vote.</summary>
public sealed record ConversionVoteRequest(long? SharesFor, string? Approval, decimal? MarketPrice, string? Date, bool DryRun = false, long? ExpectedSequence = null,
    string? Series = null) : IWriteRequest;

public sealed record DistributeRequest(string? Security, decimal? PerShare, string? Date, bool DryRun = false, long? ExpectedSequence = null) : IWriteRequest;

public sealed record ReclassifyRequest(string? Class, decimal? PerShare, string? Date, bool DryRun = false, long? ExpectedSequence = null) : IWriteRequest;

/// <summary>`ipo`: the filing and closing of a public offering, with the readings the caller chose (null: the charter's).</summary>
public sealed record IpoRequest(decimal? Price, decimal? Proceeds, string? Filed, long? Shares, string? Closing = null, string? Kind = null, string? Reading = null,
    string? Bars = null, decimal? MarketPrice = null, string? PublicHolder = null, bool DryRun = false, long? ExpectedSequence = null) : IWriteRequest;

public sealed record LotRequest(string? Series, long? Shares);

public sealed record ConvertRequest(string? Holder, IReadOnlyList<LotRequest>? Lots, string? Date, decimal? MarketPrice, bool DryRun = false, long? ExpectedSequence = null) : IWriteRequest;

public sealed record DividendDeclareRequest(decimal? Amount, string? RecordDate, string? PayDate = null, string? DeclaredOn = null, string? Kind = null, long? Per = null,
    string? Id = null, bool DryRun = false, long? ExpectedSequence = null, bool AllowSecond = false, string? Reading = null) : IWriteRequest;

public sealed record DividendPayRequest(string? Id, string? Date = null, bool DryRun = false, long? ExpectedSequence = null) : IWriteRequest;

/// <summary>
/// The CLI's other write verbs, one POST each under /api/events, every one with <c>dryRun</c> and <c>expectedSequence</c>.
/// Each parses its body into one event; the core decides it (<see cref="LedgerService.Write"/>).
/// </summary>
public static class WriteApis
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The event of a repurchase: of common (the charter's first class unless named), or of a series by agreement.</summary>
    private static Result<LedgerEvent> Repurchase(RepurchaseRequest r, LedgerService.Snapshot s, DateOnly date, string holder, long shares)
    {
        if (!s.Latest.IsOk) return s.Latest.Refusal!;
        var charter = s.Latest.Value.Charter;
        var security = string.IsNullOrWhiteSpace(r.Security) ? charter.Common.Id : r.Security.Trim();
        if (charter.FindSeries(security) is null)
        {
            foreach (var (field, given) in new (string, bool)[] { ("price", r.Price is not null), ("approval", r.Approval is not null), ("consent", r.Consent is not null), ("reading", r.Reading is not null) })
                if (given) return new Refusal(field, "(given)", "applies to a repurchase of preferred only");
            return new SharesCancelled(date, holder, security, shares, r.Reason);
        }

        if (r.Reading is not (null or PreferredRepurchased.ConsentReading or PreferredRepurchased.ApprovalOnlyReading))
            return new Refusal("reading", r.Reading, $"must be {PreferredRepurchased.ConsentReading} or {PreferredRepurchased.ApprovalOnlyReading}");
        return from price in Input.Money("price", r.Price)
               from consent in ChartaWriteApis.Consent(r.Consent)
               select (LedgerEvent)new PreferredRepurchased(date, holder, security, shares, price, r.Approval?.Trim() ?? "", consent, r.Reading);
    }

    public static void Map(RouteGroupBuilder g)
    {
        MapIpo(g);
        ChartaWriteApis.Map(g);

        g.MapPost("/expire", (ExpireRequest r, LedgerService ledger, UserStore users, HttpContext http) =>
                Apis.Write(r, ledger, users, http, () =>
                    from date in Input.Date("date", r.Date)
                    from id in Input.Text("id", r.Id)
                    select (LedgerEvent)new InstrumentExpired(date, id)))
            .RequireAuthorization(Auth.WritePolicy).WithName("Expire").WithSummary("`expire`: the expiry of an instrument's unexercised balance.");

        g.MapPost("/cancel", (CancelRequest r, LedgerService ledger, UserStore users, HttpContext http) =>
                Apis.Write(r, ledger, users, http, () =>
                    from date in Input.Date("date", r.Date)
                    from id in Input.Text("id", r.Id)
                    from shares in Input.Shares("shares", r.Shares)
                    select (LedgerEvent)new InstrumentCancelled(date, id, shares, r.Reason)))
            .RequireAuthorization(Auth.WritePolicy).WithName("Cancel").WithSummary("`cancel`: part or all of an instrument's unexercised balance.");

        g.MapPost("/repurchase", (RepurchaseRequest r, LedgerService ledger, UserStore users, HttpContext http) =>
                Apis.WriteCommand(r, ledger, users, http, s =>
                    from date in Input.Date("date", r.Date)
                    from holder in Input.Text("holder", r.Holder)
                    from shares in Input.Shares("shares", r.Shares)
                    from e in Repurchase(r, s, date, holder, shares)
                    select (IReadOnlyList<LedgerEvent>)[e]))
            .RequireAuthorization(Auth.WritePolicy).WithName("Repurchase").WithSummary("`repurchase`: common repurchased and cancelled, or a series bought back by agreement (with the Board's approval and the consent the charter needs).");

        g.MapPost("/split", (SplitRequest r, LedgerService ledger, UserStore users, HttpContext http) =>
                Apis.Write(r, ledger, users, http, () =>
                    from date in Input.Date("date", r.Date)
                    from ratio in Input.Ratio("ratio", r.Ratio)
                    select (LedgerEvent)new StockSplit(date, ratio.Numerator, ratio.Denominator),
                    // The fold names the field "ratio" with the shares it counted; the caller gave a ratio (as the CLI says it).
                    rename: x => x.Field == "ratio" ? x with { Value = r.Ratio ?? "" } : x))
            .RequireAuthorization(Auth.WritePolicy).WithName("Split").WithSummary("`split`: subdivide or combine the common (every conversion price moves by the charter's split clause).");

        g.MapPost("/void", (VoidRequest r, LedgerService ledger, UserStore users, HttpContext http, TimeProvider clock) =>
                Apis.Write(r, ledger, users, http, () =>
                    from n in r.Event is > 0 ? Result.Ok(r.Event.Value) : new Refusal("event", r.Event?.ToString(C) ?? "(missing)", "must be an event number from the log")
                    from reason in Input.Text("reason", r.Reason)
                    select (LedgerEvent)new EventVoided(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), n, reason)))
            .RequireAuthorization(Auth.WritePolicy).WithName("Void").WithSummary("`void`: an event recorded in error stays in the log, marked, and no longer folds.");

        g.MapPost("/reprice", (RepriceRequest r, LedgerService ledger, UserStore users, HttpContext http) =>
                Apis.Write(r, ledger, users, http, () =>
                    from date in Input.Date("date", r.Date)
                    from id in Input.Text("id", r.Id)
                    from price in Input.Money("price", r.Price)
                    from shares in r.Shares is null ? Result.Ok((long?)null) : Input.Shares("shares", r.Shares).Map(x => (long?)x)
                    select (LedgerEvent)new InstrumentRepriced(date, id, price, shares)))
            .RequireAuthorization(Auth.WritePolicy).WithName("Reprice").WithSummary("`reprice`: an instrument's new price or fewer shares; its anti-dilution adjustment is recomputed.");

        g.MapPost("/issue-mixed", (IssueMixedRequest r, LedgerService ledger, UserStore users, HttpContext http) =>
                Apis.Write(r, ledger, users, http, () =>
                    from date in Input.Date("date", r.Date)
                    from holder in Input.Text("holder", r.Holder)
                    from shares in Input.Shares("shares", r.Shares)
                    from total in Input.Money("total", r.Total)
                    from allocated in Input.Money("allocated", r.Allocated)
                    from with in Input.Text("with", r.With)
                    from approval in Input.Text("approval", r.Approval)
                    select (LedgerEvent)new SharesIssuedForMixedConsideration(date, holder, shares, total, allocated, with, approval)))
            .RequireAuthorization(Auth.WritePolicy).WithName("IssueMixed").WithSummary("`issue-mixed`: common issued with other items for one consideration, the Board's allocation tested.");

        g.MapPost("/conversion-vote", (ConversionVoteRequest r, LedgerService ledger, UserStore users, HttpContext http) =>
                Apis.Write(r, ledger, users, http, () =>
                    from date in Input.Date("date", r.Date)
                    from shares in Input.Shares("sharesFor", r.SharesFor)
                    from approval in Input.Text("approval", r.Approval)
                    from market in Input.Money("marketPrice", r.MarketPrice)
                    select string.IsNullOrWhiteSpace(r.Series)
                        ? (LedgerEvent)new PreferredConversionVoted(date, shares, approval, market)
                        : new SeriesConversionVoted(date, r.Series.Trim(), shares, approval, market)))
            .RequireAuthorization(Auth.WritePolicy).WithName("ConversionVote").WithSummary("`conversion-vote`: all preferred converts on the charter's vote.");

        g.MapPost("/distribute", (DistributeRequest r, LedgerService ledger, UserStore users, HttpContext http) =>
                Apis.Write(r, ledger, users, http, () =>
                    from date in Input.Date("date", r.Date)
                    from security in Input.Text("security", r.Security)
                    from per in Input.Money("perShare", r.PerShare)
                    select (LedgerEvent)new OtherSecuritiesDistributed(date, security, per)))
            .RequireAuthorization(Auth.WritePolicy).WithName("Distribute").WithSummary("`distribute`: other securities distributed to the common; the preferred's entitlement is kept.");

        g.MapPost("/reclassify", (ReclassifyRequest r, LedgerService ledger, UserStore users, HttpContext http) =>
                Apis.Write(r, ledger, users, http, () =>
                    from date in Input.Date("date", r.Date)
                    from cls in Input.Text("class", r.Class)
                    from per in Input.Money("perShare", r.PerShare)
                    select (LedgerEvent)new CommonReclassified(date, cls, per)))
            .RequireAuthorization(Auth.WritePolicy).WithName("Reclassify").WithSummary("`reclassify`: the common changed into another class; the preferred converts into it.");

        g.MapPost("/convert", (ConvertRequest r, LedgerService ledger, UserStore users, HttpContext http) =>
            {
                var lots = Lots(r.Lots);
                var before = ledger.Current();
                return Apis.Write(r, ledger, users, http, () =>
                        from date in Input.Date("date", r.Date)
                        from holder in Input.Text("holder", r.Holder)
                        from l in lots
                        from market in Input.Money("marketPrice", r.MarketPrice)
                        select (LedgerEvent)new PreferredConverted(date, holder, l, market),
                    outcome =>
                    {
                        // `convert --json`'s "conversion": the quote on the ledger as it stood before the conversion.
                        var e = (PreferredConverted)outcome.Events[0].Event;
                        return before.CapTable(e.Date).Bind(t => Conversions.Quote(t, e.Holder, e.Date, e.Lots, e.FractionPricePerCommonShare))
                            .Map(q => (object)new { conversion = q });
                    });
            })
            .RequireAuthorization(Auth.WritePolicy).WithName("Convert").WithSummary("`convert`: preferred into common at the conversion prices in effect.");

        g.MapPost("/dividend-declare", (DividendDeclareRequest r, LedgerService ledger, UserStore users, HttpContext http) =>
            {
                var before = ledger.Current();
                var stock = r.Kind == DividendRules.CommonStockKind;
                return Apis.Write(r, ledger, users, http, () =>
                        from record in Input.Date("recordDate", r.RecordDate)
                        from kind in r.Kind is null or DividendRules.CashKind or DividendRules.CommonStockKind ? Result.Ok(r.Kind ?? DividendRules.CashKind)
                            : new Refusal("kind", r.Kind, $"must be {DividendRules.CashKind} or {DividendRules.CommonStockKind}")
                        from amount in stock ? Input.Shares("amount", r.Amount is { } a && decimal.IsInteger(a) ? (long)a : null).Map(x => (decimal)x) : Input.Money("amount", r.Amount)
                        from per in stock ? Input.Shares("per", r.Per ?? 1) : Result.Ok(0L)
                        from pay in Input.OptionalDate("payDate", r.PayDate)
                        from declared in Input.OptionalDate("declaredOn", r.DeclaredOn)
                        from reading in r.Reading is null or DividendRules.UnpaidPartReading or DividendRules.EachDeclarationReading
                            ? (r.Reading is null || r.AllowSecond ? Result.Ok(r.Reading) : new Refusal("reading", r.Reading, "applies to a second dividend in the year: give allowSecond too"))
                            : new Refusal("reading", r.Reading, $"must be {DividendRules.UnpaidPartReading} or {DividendRules.EachDeclarationReading}")
                        let id = r.Id ?? (before.Latest.IsOk ? before.Latest.Value.NextFreeDividendId() : "DIV-1")
                        select (LedgerEvent)new DividendDeclared(record, id, kind, amount, pay, declared, per, AllowSecond: r.AllowSecond, Reading: reading),
                    outcome =>
                    {
                        var e = (DividendDeclared)outcome.Events[0].Event;
                        return before.CapTable(e.Date).Bind(t =>
                        {
                            var splitClause = t.Charter.Conversion?.SplitAdjustment?.Clause;
                            if (!stock) return DividendAllocation.Allocate(t, e.Amount, e.Date).Map(p => GovernanceViews.CashDividend(e.DividendId, r.DryRun, e.PayDate, p));
                            var divClause = t.Charter.Dividends?.Clause ?? t.Charter.Series.Select(x => x.Dividend.Clause).FirstOrDefault() ?? "(the charter cites no dividend clause)";
                            return DividendRules.StockDividendAsSubdivision(e.Amount, e.StockPerShares, splitClause).Map(s =>
                                GovernanceViews.StockDividend(e.DividendId, r.DryRun, e.Date, e.PayDate, e.Amount, e.StockPerShares, s.Numerator, s.Denominator,
                                    $"{divClause}, {splitClause ?? "(the charter cites no split-adjustment clause)"}"));
                        });
                    });
            })
            .RequireAuthorization(Auth.WritePolicy).WithName("DeclareDividend").WithSummary("`dividend declare`: the charter's preference, pro rata if short, the excess as converted; the payees' cents stored.");

        g.MapPost("/dividend-pay", (DividendPayRequest r, LedgerService ledger, UserStore users, HttpContext http, TimeProvider clock) =>
                Apis.Write(r, ledger, users, http, () =>
                    from id in Input.Text("id", r.Id)
                    from date in Input.OptionalDate("date", r.Date)
                    let declared = ledger.Current().Events.Select(x => x.Event).OfType<DividendDeclared>().FirstOrDefault(d => d.DividendId == id)
                    select (LedgerEvent)new DividendPaid(date ?? declared?.PayDate ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), id)))
            .RequireAuthorization(Auth.WritePolicy).WithName("PayDividend").WithSummary("`dividend pay`: a declared dividend is paid (default date: its pay date, else today).");
    }

    /// <summary>
    /// `ipo`: the core decides the offering (<see cref="OfferingDecider"/>, the CLI's function) on the state the write
    /// appends to. When no price-test reading is chosen and the two readings convert different series, 422 with the
    /// CLI's refusal and clause, and both outcomes under <c>readings</c>.
    /// </summary>
    private static void MapIpo(RouteGroupBuilder g) =>
        g.MapPost("/ipo", (IpoRequest r, LedgerService ledger, UserStore users, HttpContext http, TimeProvider clock) =>
            {
                var input =
                    from filed in Input.Date("filed", r.Filed)
                    from closing in Input.OptionalDate("closing", r.Closing)
                    from price in Input.Money("price", r.Price)
                    from proceeds in Input.Money("proceeds", r.Proceeds)
                    from shares in Input.Shares("shares", r.Shares)
                    from kind in OneOf("kind", r.Kind ?? PublicOffering.Kinds[0], PublicOffering.Kinds)
                    from reading in r.Reading is null ? Result.Ok((string?)null) : OneOf("reading", r.Reading, [PublicOffering.AnySeries, PublicOffering.EachSeries]).Map(x => (string?)x)
                    from bars in r.Bars is null ? Result.Ok((string?)null) : OneOf("bars", r.Bars, PublicOffering.BarReadings).Map(x => (string?)x)
                    from market in r.MarketPrice is null ? Result.Ok((decimal?)null) : Input.Money("marketPrice", r.MarketPrice).Map(x => (decimal?)x)
                    select new OfferingCommand(filed, closing ?? filed, price, proceeds, kind, shares, reading, bars, market, r.PublicHolder);
                if (!input.IsOk) return Problems.BadInput(input.Refusal!);
                OfferingDecision? decided = null;
                return Apis.WriteCommand(r, ledger, users, http,
                    s =>
                    {
                        decided = OfferingDecider.Decide(s.Events, input.Value, s.LastSequence + 1, clock.GetUtcNow());
                        return decided.IsOk ? Result.Ok(decided.Events) : decided.Refusal!;
                    },
                    outcome => ConversionViews.Offering(decided!, r.DryRun, input.Value.SharesSold, outcome.After!.CommonOutstanding()),
                    refusal => decided is { ReadingsDiffer: true } d
                        ? Problems.Refused(refusal, new Dictionary<string, object?> { ["readings"] = ConversionViews.Readings(d) })
                        : Problems.Refused(refusal));
            })
            .RequireAuthorization(Auth.WritePolicy).WithName("Ipo")
            .WithSummary("`ipo`: a public offering: the §6(c) reset, the price tests per series, the automatic conversion and the shares sold (refused with both outcomes when the readings differ and none is chosen).");

    private static Result<string> OneOf(string field, string value, IReadOnlyList<string> allowed) =>
        allowed.Contains(value) ? value : new Refusal(field, value, $"must be one of {string.Join(", ", allowed)}");

    private static Result<IReadOnlyList<ConvertedLot>> Lots(IReadOnlyList<LotRequest>? lots)
    {
        if (lots is null || lots.Count == 0) return new Refusal("lots", "(missing)", "give at least one {series, shares} to convert");
        var list = new List<ConvertedLot>();
        foreach (var l in lots)
        {
            var series = Input.Text("lots.series", l.Series);
            if (!series.IsOk) return series.Refusal!;
            var shares = Input.Shares("lots.shares", l.Shares);
            if (!shares.IsOk) return shares.Refusal!;
            list.Add(new ConvertedLot(series.Value, shares.Value));
        }

        return list;
    }
}
