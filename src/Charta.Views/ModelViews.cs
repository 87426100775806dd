using System.Globalization;
using Charta.Core.Ledger;
using Charta.Core.Model;

namespace Charta.Views;

/// <summary>The `model round --json` document, shared by the CLI and the HTTP API.</summary>
public static class ModelViews
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private static string Shares(long n) => n.ToString("N0", C);

    private static string Price(decimal d) => d.ToString("0.00##########", C);

    /// <summary>One line per event the round would record.</summary>
    public static string Describe(LedgerEvent e) => e switch
    {
        StakeholderAdded x => $"stakeholder-added    {x.Name}",
        SharesIssued x => $"shares-issued        {x.Holder}: {Shares(x.Shares)} {x.Security} at {Price(x.PricePerShare)}",
        PlanReserveSet x => $"plan-reserve-set     {x.PlanId}: {Shares(x.Shares)} {x.Class}",
        SharesTransferred x => $"shares-transferred   {x.From} → {x.To}: {Shares(x.Shares)} {x.Security}",
        ConvertibleClosed x => $"convertible-closed   {x.Id}: {x.Outcome}",
        ConversionPriceSet x => $"conversion-price-set {x.Series}: {Price(x.Price)} ({x.Clause})",
        CharterAmended x => $"charter-amended      {x.Reason}",
        _ => EventCatalog.NameOf(e).Name,
    };

    /// <summary>The stable JSON shape (docs/cli.md, "charta model round").</summary>
    public static object Round(RoundResult r) => new
    {
        name = r.Name,
        closing = r.Closing.ToString("yyyy-MM-dd", C),
        antiDilutionReading = r.Reading,
        pricePerShare = r.PricePerShare,
        preMoney = r.PreMoney,
        postMoney = r.PostMoney,
        preMoneyShares = new { definition = r.PreMoneySharesDefinition, shares = r.PreMoneyShares },
        fullyDiluted = new { before = r.FullyDilutedBefore, after = r.FullyDilutedAfter },
        newSeries = new
        {
            id = r.NewSeries.Id, name = r.NewSeries.Name, shares = r.NewSeries.Shares, investorShares = r.NewSeries.InvestorShares, conversionShares = r.NewSeries.ConversionShares,
            originalIssuePrice = r.NewSeries.OriginalIssuePrice, multiple = r.NewSeries.Multiple, seniority = r.NewSeries.Seniority, participation = r.NewSeries.Participation,
            dividendRate = r.NewSeries.DividendRate, cashRaised = r.NewSeries.CashRaised,
            investors = r.NewSeries.Investors.Select(i => new { holder = i.Holder, committed = i.Committed, shares = i.Shares, paid = i.Paid }),
        },
        pool = new { before = r.Pool.Before, topUp = r.Pool.TopUp, after = r.Pool.After, targetPercent = r.Pool.TargetPercent, timing = r.Pool.Timing, clamped = r.Pool.Clamped, percentAfter = r.Pool.PercentAfter },
        convertibles = r.Convertibles.Select(x => new
        {
            id = x.Id, holder = x.Holder, kind = x.Kind, shares = x.Shares, price = x.Price, branch = x.Branch, principal = x.Principal, interest = x.Interest,
            converting = x.Converting, capPrice = x.CapPrice, discountPrice = x.DiscountPrice, capShares = x.CapShares, capSharesDefinition = x.CapSharesDefinition, mfn = x.Mfn,
        }),
        tender = r.Tender is { } t ? new { buyer = t.Buyer, security = t.Security, shares = t.Shares, price = t.Price, amount = t.Amount, sellers = t.Sellers.Select(s => new { holder = s.Holder, shares = s.Shares, proceeds = s.Proceeds }) } : null,
        conversionPrices = r.ConversionPrices.Select(c => new
        {
            id = c.Id, before = c.Before, after = c.After,
            adjustments = c.Adjustments.Select(a => new { clause = a.Clause, reason = a.Reason, from = a.From, to = a.To, a = a.A, b = a.B, c = a.C, unrounded = a.Unrounded }),
        }),
        consents = r.Consents.Select(c => new
        {
            action = c.Action, clause = c.Clause, body = c.Body, threshold = c.Threshold, @base = c.Base, whole = c.Whole, needed = c.Needed,
            consenting = c.Consenting, met = c.Met, applies = c.Applies, note = c.Note,
        }),
        authorized = r.Authorized.Classes.Select(a => new { @class = a.Class, today = a.Before, required = a.Required, amended = a.Amended, clause = a.Clause }),
        reservation = new
        {
            commonAuthorized = r.Reservation.CommonAuthorized, commonOutstanding = r.Reservation.CommonOutstanding, reserved = r.Reservation.ReservedForConversionAndExercise,
            unissuedPool = r.Reservation.UnissuedPool, headroom = r.Reservation.Headroom, clause = r.Reservation.Clause,
        },
        ownershipBefore = r.OwnershipBefore.Select(o => new { holder = o.Holder, shares = o.Shares, percent = o.Percent, byClass = o.ByClass, instruments = o.Instruments }),
        ownership = r.Ownership.Select(o => new { holder = o.Holder, shares = o.Shares, percent = o.Percent, byClass = o.ByClass, instruments = o.Instruments }),
        waterfall = r.Waterfall.Select(x => new
        {
            exit = x.Exit, commonPricePerShare = x.CommonPricePerShare,
            classes = x.Classes.Select(k => new { id = k.Id, decision = k.Decision, shares = k.Shares, asConverted = k.AsConverted, total = k.Total, exact = k.Exact }),
        }),
        returns = r.Returns.Select(x => new { holder = x.Holder, invested = x.Invested, exits = x.Exits.Select(e => new { exit = e.Exit, proceeds = e.Proceeds, multiple = e.Multiple, irr = e.Irr, holderTotal = e.HolderTotal }) }),
        solver = new { iterations = r.Solver.Iterations, folds = r.Solver.Folds, converged = r.Solver.Converged, checks = r.Solver.Checks },
        events = r.Events.Select(e => new { type = EventCatalog.NameOf(e).Name, summary = Describe(e) }),
    };
}
