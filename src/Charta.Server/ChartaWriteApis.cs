using System.Globalization;
using System.Text.Json;
using Charta.Core;
using Charta.Core.Covenants;
using Charta.Core.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Charta.Server;

/// <summary>One holder consenting: all its shares of the matter (<see cref="Shares"/> null) or a stated number.</summary>
public sealed record ConsentHolderBody(string? Holder, long? Shares = null);

/// <summary>A record of the preferred's consent: the written consent's text and who consented (the CLI's <c>--consent</c>).</summary>
public sealed record ConsentBody(string? Text, IReadOnlyList<ConsentHolderBody>? Holders);

public sealed record RedeemRequestRequest(string? Id, string? Holder, string? Series, long? Shares, string? Date, bool DryRun = false, long? ExpectedSequence = null) : IWriteRequest;

public sealed record RedeemPayRequest(string? Id, string? Date, bool DryRun = false, long? ExpectedSequence = null) : IWriteRequest;

public sealed record PayInKindRequest(string? Series, string? Date, bool DryRun = false, long? ExpectedSequence = null) : IWriteRequest;

public sealed record TakeupBody(string? Holder, long? Offered, long? Purchased);

public sealed record PayToPlayRequest(string? Financing, string? Designation, IReadOnlyList<TakeupBody>? Takeup, decimal? MarketPrice, string? Date,
    bool DryRun = false, long? ExpectedSequence = null) : IWriteRequest;

public sealed record AmendAuthorizedRequest(long? Common, long? Preferred, long? Total, string? Approval, ConsentBody? Consent, string? Date,
    bool DryRun = false, long? ExpectedSequence = null) : IWriteRequest;

/// <summary>`amend charter`: <see cref="Charter"/> is the whole amended charter document (a JSON object, as `charter export` writes it).</summary>
public sealed record AmendCharterRequest(JsonElement? Charter, string? Reason, string? Approval, ConsentBody? Consent, string? Date,
    bool DryRun = false, long? ExpectedSequence = null) : IWriteRequest;

/// <summary>One day's closing price of a security received (null: the market was closed).</summary>
public sealed record DailyPriceBody(string? Date, decimal? Close);

/// <summary>
/// A security received in a deemed liquidation (the CLI's <c>--security</c>): its name, the shares, its market
/// (<c>exchange</c>, <c>otc</c> or <c>none</c>), its daily closing prices (a market) or its fair market value (none), the
/// discount for restrictions and the approval the charter asks for them.
/// </summary>
public sealed record SecurityBody(string? Name, long? Shares, string? Market, IReadOnlyList<DailyPriceBody>? Prices = null, decimal? Fmv = null,
    decimal? Discount = null, string? Approval = null);

/// <summary>`merger-close`: the transaction the `merger` assessment values, closed and paid out as a liquidation.</summary>
public sealed record MergerCloseRequest(string? Closing, decimal? Cash, decimal? RetainedVoting, string? Approval, IReadOnlyList<SecurityBody>? Securities = null,
    string? Meeting = null, string? FirstNotice = null, IReadOnlyList<string>? MaterialChanges = null, bool ShortenedByConsent = false,
    string? RetainedEquity = null, ConsentBody? Consent = null, bool DryRun = false, long? ExpectedSequence = null) : IWriteRequest;

/// <summary>
/// The write verbs added after the first server (redemption, dividends paid in kind, pay-to-play, amendments), one POST
/// each under /api/events with <c>dryRun</c> and <c>expectedSequence</c>, as the CLI's verbs of the same names: each body
/// becomes one event and the core decides it (what it stores — the shares paid in kind, the conversions, the consents
/// measured — comes back in the answer's events).
/// </summary>
public static class ChartaWriteApis
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void Map(RouteGroupBuilder g)
    {
        MapMergerClose(g);

        g.MapPost("/redeem-request", (RedeemRequestRequest r, LedgerService ledger, UserStore users, HttpContext http) =>
                Apis.Write(r, ledger, users, http, () =>
                    from date in Input.Date("date", r.Date)
                    from id in Input.Text("id", r.Id)
                    from holder in Input.Text("holder", r.Holder)
                    from series in Input.Text("series", r.Series)
                    from shares in Input.Shares("shares", r.Shares)
                    select (LedgerEvent)new RedemptionRequested(date, id, holder, series, shares)))
            .RequireAuthorization(Auth.WritePolicy).WithName("RedeemRequest").WithSummary("`redeem request`: a holder's request that the company redeem its shares, where the charter grants the right.");

        g.MapPost("/redeem-pay", (RedeemPayRequest r, LedgerService ledger, UserStore users, HttpContext http) =>
                Apis.Write(r, ledger, users, http, () =>
                    from date in Input.Date("date", r.Date)
                    from id in Input.Text("id", r.Id)
                    select (LedgerEvent)new RedemptionInstalmentPaid(date, id)))
            .RequireAuthorization(Auth.WritePolicy).WithName("RedeemPay").WithSummary("`redeem pay`: the instalment of a redemption due on the date, paid (the shares and cash are stored).");

        g.MapPost("/dividend-pay-in-kind", (PayInKindRequest r, LedgerService ledger, UserStore users, HttpContext http) =>
                Apis.Write(r, ledger, users, http, () =>
                    from date in Input.Date("date", r.Date)
                    from series in Input.Text("series", r.Series)
                    select (LedgerEvent)new DividendPaidInKind(date, series)))
            .RequireAuthorization(Auth.WritePolicy).WithName("DividendPayInKind").WithSummary("`dividend pay-in-kind`: a series' accrued dividends paid in its own shares, as the charter says (each holder's shares and cash are stored).");

        g.MapPost("/pay-to-play", (PayToPlayRequest r, LedgerService ledger, UserStore users, HttpContext http) =>
                Apis.Write(r, ledger, users, http, () =>
                    from date in Input.Date("date", r.Date)
                    from financing in Input.Text("financing", r.Financing)
                    from designation in Input.Text("designation", r.Designation)
                    from takeup in Takeups(r.Takeup)
                    from market in Input.Money("marketPrice", r.MarketPrice)
                    select (LedgerEvent)new QualifiedFinancingClosed(date, financing, designation, takeup, market)))
            .RequireAuthorization(Auth.WritePolicy).WithName("PayToPlay").WithSummary("`pay-to-play`: a qualified financing closed; a holder that did not buy its pro rata share converts as the charter says.");

        g.MapPost("/amend-authorized", (AmendAuthorizedRequest r, LedgerService ledger, UserStore users, HttpContext http) =>
                Apis.Write(r, ledger, users, http, () =>
                    from date in Input.Date("date", r.Date)
                    from approval in Input.Text("approval", r.Approval)
                    from common in Count("common", r.Common)
                    from preferred in Count("preferred", r.Preferred)
                    from total in Count("total", r.Total)
                    from consent in Consent(r.Consent)
                    select (LedgerEvent)new AuthorizedSharesAmended(date, common, preferred, total, approval, consent)))
            .RequireAuthorization(Auth.WritePolicy).WithName("AmendAuthorized").WithSummary("`amend authorized`: the charter's authorized numbers amended, with the consents its protective provisions need.");

        g.MapPost("/amend-charter", (AmendCharterRequest r, LedgerService ledger, UserStore users, HttpContext http) =>
                Apis.Write(r, ledger, users, http, () =>
                    from date in Input.Date("date", r.Date)
                    from charter in r.Charter is { ValueKind: JsonValueKind.Object } j ? Result.Ok(j.GetRawText()) : new Refusal("charter", "(missing)", "is required: the amended charter, a JSON object as 'charta charter export' writes it")
                    from reason in Input.Text("reason", r.Reason)
                    from approval in Input.Text("approval", r.Approval)
                    from consent in Consent(r.Consent)
                    select (LedgerEvent)new CharterAmended(date, charter, reason, approval, consent, true)))
            .RequireAuthorization(Auth.WritePolicy).WithName("AmendCharter").WithSummary("`amend charter`: the charter amended (new series, or an existing series' terms), with the consents its protective provisions need.");
    }

    private static void MapMergerClose(RouteGroupBuilder g) =>
        g.MapPost("/merger-close", MergerClose)
            .RequireAuthorization(Auth.WritePolicy).WithName("MergerClose").WithSummary("`merger-close`: a deemed liquidation closed: the consideration valued as the charter says and paid out as a liquidation (each holder's payout is stored).");

    /// <summary>The body read first (bad input: 400), then the transaction assessed and decided on the ledger as of its closing (a refusal: 422).</summary>
    private static Results<Created<object>, Ok<object>, ProblemHttpResult> MergerClose(MergerCloseRequest r, LedgerService ledger, UserStore users, HttpContext http)
    {
        var input =
            from closing in Input.Date("closing", r.Closing)
            from cash in Input.Money("cash", r.Cash)
            from retained in Input.Money("retainedVoting", r.RetainedVoting)
            from approval in Input.Text("approval", r.Approval)
            from meeting in Input.OptionalDate("meeting", r.Meeting)
            from first in Input.OptionalDate("firstNotice", r.FirstNotice)
            from changes in Dates("materialChanges", r.MaterialChanges)
            from securities in Securities(r.Securities)
            from consent in Consent(r.Consent)
            select (closing, cash, retained, approval, meeting, first, changes, securities, consent);
        if (!input.IsOk) return Problems.BadInput(input.Refusal!);
        var x = input.Value;
        return Apis.WriteCommand(r, ledger, users, http, s =>
            // The transaction assessed on the ledger as of its closing, as `merger` and the CLI's `merger-close` do.
            from table in s.CapTable(x.closing)
            from report in Charta.Core.Liquidation.DeemedLiquidation.Assess(table, x.cash, x.securities, x.retained, x.closing, x.meeting, x.first, x.changes, r.ShortenedByConsent)
            from e in report.Waterfall is null
                ? new Refusal("closing", x.closing.ToString("yyyy-MM-dd", C), report.Status)
                : Result.Ok<LedgerEvent>(new DeemedLiquidationClosed(x.closing, report.TotalConsideration, x.approval,
                    string.IsNullOrWhiteSpace(r.RetainedEquity) ? null : r.RetainedEquity.Trim(), x.consent))
            select (IReadOnlyList<LedgerEvent>)[e]);
    }

    private static Result<IReadOnlyList<DateOnly>> Dates(string field, IReadOnlyList<string>? texts)
    {
        var list = new List<DateOnly>();
        foreach (var t in texts ?? [])
        {
            var d = Input.Date(field, t);
            if (!d.IsOk) return d.Refusal!;
            list.Add(d.Value);
        }

        return list;
    }

    private static Result<IReadOnlyList<Charta.Core.Liquidation.SecurityConsideration>> Securities(IReadOnlyList<SecurityBody>? rows)
    {
        var list = new List<Charta.Core.Liquidation.SecurityConsideration>();
        for (var i = 0; i < (rows?.Count ?? 0); i++)
        {
            var x = rows![i];
            var f = $"securities[{i.ToString(C)}]";
            if (string.IsNullOrWhiteSpace(x.Name)) return new Refusal(f + ".name", "(missing)", "is required");
            var shares = Input.Shares(f + ".shares", x.Shares);
            if (!shares.IsOk) return shares.Refusal!;
            Charta.Core.Liquidation.MarketKind market;
            switch (x.Market)
            {
                case "exchange": market = Charta.Core.Liquidation.MarketKind.Exchange; break;
                case "otc": market = Charta.Core.Liquidation.MarketKind.OverTheCounter; break;
                case "none": market = Charta.Core.Liquidation.MarketKind.None; break;
                default: return new Refusal(f + ".market", x.Market ?? "(missing)", "must be exchange, otc or none");
            }

            List<Charta.Core.Liquidation.DailyPrice>? prices = null;
            if (x.Prices is { } ps)
            {
                prices = [];
                foreach (var p in ps)
                {
                    var d = Input.Date(f + ".prices.date", p.Date);
                    if (!d.IsOk) return d.Refusal!;
                    if (p.Close is < 0) return new Refusal(f + ".prices.close", p.Close.Value.ToString(C), "must not be negative");
                    prices.Add(new Charta.Core.Liquidation.DailyPrice(d.Value, p.Close));
                }
            }

            if (x.Fmv is < 0) return new Refusal(f + ".fmv", x.Fmv.Value.ToString(C), "must not be negative");
            if (x.Discount is < 0 or >= 100) return new Refusal(f + ".discount", x.Discount!.Value.ToString(C), "must be a percentage from 0 up to (not including) 100");
            list.Add(new Charta.Core.Liquidation.SecurityConsideration(x.Name.Trim(), shares.Value, market, prices, x.Fmv, x.Approval?.Trim(), x.Discount ?? 0m));
        }

        return list;
    }

    private static Result<long?> Count(string field, long? n) =>
        n is null ? Result.Ok((long?)null) : Input.Shares(field, n).Map(x => (long?)x);

    private static Result<IReadOnlyList<ProRataTakeup>> Takeups(IReadOnlyList<TakeupBody>? rows)
    {
        if (rows is null || rows.Count == 0) return new Refusal("takeup", "(missing)", "is required: each holder offered its pro rata share, with what it offered and bought");
        var list = new List<ProRataTakeup>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var x = rows[i];
            var field = $"takeup[{i.ToString(C)}]";
            if (string.IsNullOrWhiteSpace(x.Holder)) return new Refusal(field + ".holder", "(missing)", "is required");
            if (x.Offered is not > 0) return new Refusal(field + ".offered", x.Offered?.ToString(C) ?? "(missing)", "must be a positive number of shares");
            if (x.Purchased is not >= 0) return new Refusal(field + ".purchased", x.Purchased?.ToString(C) ?? "(missing)", "must be a number of shares, 0 or more");
            list.Add(new ProRataTakeup(x.Holder.Trim(), x.Offered.Value, x.Purchased.Value));
        }

        return list;
    }

    /// <summary>The consent record of a body (null: none given; the core refuses an action that needs one).</summary>
    internal static Result<ConsentRecord?> Consent(ConsentBody? body)
    {
        if (body is null) return Result.Ok((ConsentRecord?)null);
        if (string.IsNullOrWhiteSpace(body.Text)) return new Refusal("consent.text", "(missing)", "is required: the written consent or the minutes that record it");
        if (body.Holders is not { Count: > 0 } holders) return new Refusal("consent.holders", "(missing)", "is required: the holders consenting");
        var list = new List<Consent>(holders.Count);
        for (var i = 0; i < holders.Count; i++)
        {
            var h = holders[i];
            if (string.IsNullOrWhiteSpace(h.Holder)) return new Refusal($"consent.holders[{i.ToString(C)}].holder", "(missing)", "is required");
            if (h.Shares is <= 0) return new Refusal($"consent.holders[{i.ToString(C)}].shares", h.Shares.Value.ToString(C), "must be a positive number of shares (leave it out for all the holder's shares)");
            list.Add(new Consent(h.Holder.Trim(), h.Shares));
        }

        return new ConsentRecord(body.Text.Trim(), list);
    }
}
