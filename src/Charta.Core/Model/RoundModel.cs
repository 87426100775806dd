using System.Globalization;
using Charta.Core.Charter;
using Charta.Core.Covenants;
using Charta.Core.Ledger;
using Charta.Core.Liquidation;
using Charta.Core.Money;
using Charta.Core.Voting;

namespace Charta.Core.Model;

/// <summary>Options of a model run that are not part of the round itself: the exits to value it at, and the exit date.</summary>
public sealed record ModelOutputs(IReadOnlyList<decimal> Exits, DateOnly? ExitDate);

/// <summary>
/// The base a round is modelled on: the cap table the ledger folds to as of the base date, the sequence the first
/// proposed event takes, and the date of the base's last dated event (the closing may not precede it). Built from the
/// events (<see cref="RoundModel.Prepare(IReadOnlyList{RecordedEvent}, DateOnly?)"/>) or from a stored state, e.g. a
/// ledger's snapshot, with the two facts read from the store (<see cref="RoundModel.Prepare(CapTable, DateOnly?, long, DateOnly?)"/>).
/// </summary>
public sealed record ModelBase(CapTable Before, DateOnly? AsOf, long NextSequence, DateOnly LastDated)
{
    private long? _fd;
    private VoteCount? _votes;
    private OwnershipCache? _ownership;

    // One reference, so a reader on another thread sees the rows and their pool together.
    private sealed record OwnershipCache(long Pool, IReadOnlyList<OwnershipRow> Rows);

    /// <summary>The base's fully diluted count (without the unissued pool), computed once.</summary>
    public long FullyDiluted => _fd ??= Before.FullyDilutedTotal();

    internal VoteCount Votes => _votes ??= Voting.Votes.Count(Before);

    internal IReadOnlyList<OwnershipRow> OwnershipWith(long pool, Func<long, IReadOnlyList<OwnershipRow>> compute)
    {
        if (_ownership is { } c && c.Pool == pool) return c.Rows;
        var rows = compute(pool);
        _ownership = new OwnershipCache(pool, rows);
        return rows;
    }
}

/// <summary>
/// A pro forma round, computed by the engine that folds recorded events. The new series is a charter amendment (an
/// amended copy of the charter in the ledger's company-created event); the conversions, the new money, the pool top-up
/// and the tender are ledger events dated on the closing, folded onto the base ledger. Conversion prices after the
/// round come from the fold's §6(d) engine and the waterfall from Liquidation/, never a second copy of either.
/// Everything that depends on the price is one fixed point over (price, top-up, each convertible's shares), iterated
/// in decimal until it repeats exactly; the post-round fully diluted count it needs is read from the fold.
/// </summary>
public static class RoundModel
{
    public const int MaxIterations = 500;
    public const int MaxFolds = 20;
    public const string ModelClause = "proposed amendment (model)";
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private static readonly DateTimeOffset RecordedAt = DateTimeOffset.UnixEpoch;

    /// <summary>Solves the round on the ledger as of <paramref name="asOf"/> (null: every event).</summary>
    public static Result<RoundResult> Solve(IReadOnlyList<RecordedEvent> ledger, RoundScenario scenario, ModelOutputs outputs, DateOnly? asOf = null) =>
        Prepare(ledger, asOf).Bind(b => Solve(b, scenario, outputs));

    /// <summary>The base ledger folded once, for several solves (a grid, a solver, scenarios side by side).</summary>
    public static Result<ModelBase> Prepare(IReadOnlyList<RecordedEvent> ledger, DateOnly? asOf = null)
    {
        var baseEvents = LedgerOrder.Sort(ledger.Where(r => r.Event.IsRegistry || asOf is not { } d || r.Date <= d));
        var baseResult = Fold.TryReplay(baseEvents, asOf);
        if (!baseResult.IsOk) return baseResult.Refusal!;
        var next = baseEvents.Count == 0 ? 1 : baseEvents.Max(r => r.Sequence) + 1;
        var lastDated = baseEvents.Where(r => !r.Event.IsRegistry).Select(r => (DateOnly?)r.Date).Max();
        return Prepare(baseResult.Value, asOf, next, lastDated);
    }

    /// <summary>
    /// The base from a state already folded (a ledger's snapshot with the events after it): <paramref name="nextSequence"/>
    /// is one past the ledger's largest sequence, <paramref name="lastDated"/> the latest date of a dated event up to the
    /// base date (null when there is none: the incorporation date stands in).
    /// </summary>
    public static ModelBase Prepare(CapTable before, DateOnly? asOf, long nextSequence, DateOnly? lastDated) =>
        new(before, asOf, nextSequence, lastDated ?? before.IncorporatedOn ?? DateOnly.MinValue);

    public static Result<RoundResult> Solve(ModelBase prepared, RoundScenario scenario, ModelOutputs outputs)
    {
        var lastDated = prepared.LastDated;
        var closing = scenario.Closing ?? prepared.AsOf ?? lastDated;
        if (closing < lastDated)
            return new Refusal("closing", Iso(closing), $"is before the last event of the base ledger ({Iso(lastDated)}); pass a later --closing or an earlier --as-of");
        // One expiry rule (docs/interpretations.md, "Expired instruments"): an instrument lapsed before the closing is not
        // outstanding in the round. The commit records its expiry with the round's events (Fold.WithLapses); the model
        // folds the same expiries into its base, so its price, pool, reservation and consents are the commit's.
        // They are part of the base (sequence 0: not among the round's own adjustments, which start at NextSequence).
        if (Fold.LapsesOn(prepared.Before, closing, lastDated, 0) is { Count: > 0 } lapses)
        {
            var editor = LedgerEditor.From(prepared.Before);
            foreach (var l in lapses)
                if (editor.Apply(l) is { } refused) return refused;
            prepared = new ModelBase(editor.Freeze(prepared.Before.AsOf), prepared.AsOf, prepared.NextSequence, lastDated);
        }

        var (before, asOf) = (prepared.Before, prepared.AsOf);
        if (Validate(scenario, before) is { } bad) return bad;

        if (scenario.AntiDilutionReading is { } reading) return SolveWith(prepared, scenario, outputs, closing, reading, reading);
        // No reading chosen: solve both; if the existing series' conversion prices differ, refuse and show both.
        var a = SolveWith(prepared, scenario, outputs, closing, AntiDilutionReading.PreferredStock, "readings-agree");
        if (!a.IsOk) return a;
        var b = SolveWith(prepared, scenario, outputs, closing, AntiDilutionReading.ConvertibleSecurity, "readings-agree");
        if (!b.IsOk) return b;
        var differ = a.Value.ConversionPrices.Zip(b.Value.ConversionPrices).Where(p => p.First.After != p.Second.After).ToArray();
        if (differ.Length == 0) return a;
        string Show(RoundResult r) => string.Join(", ", r.ConversionPrices.Where(cp => differ.Any(d => d.First.Id == cp.Id)).Select(cp => $"{cp.Id} {Px(cp.After)}"));
        var clause = before.Charter.AntiDilution?.Clause;
        return new Refusal("anti-dilution-reading", "(none)",
            $"the readings differ: '{AntiDilutionReading.PreferredStock}' (the new series is Preferred Stock, not a Convertible Security) leaves {Show(a.Value)}; "
            + $"'{AntiDilutionReading.ConvertibleSecurity}' (its issue is a deemed issue of common) gives {Show(b.Value)}; choose one with --anti-dilution-reading",
            clause is null ? null : Clause.Of(clause));
    }

    // ---- validation -------------------------------------------------------------------------------------------

    private static Refusal? Validate(RoundScenario s, CapTable t)
    {
        var c = t.Charter;
        // The model's authorized and §6(i) figures are of one class of common (session 20: not per class yet).
        if (c.HasSeveralCommonClasses)
            return new Refusal("charter", string.Join(", ", c.CommonClasses.Select(k => k.Id)),
                "has several classes of common; modelling a round is not implemented for them (its authorized-shares and reservation figures are of one class of common)",
                c.CommonClasses[1].Authorized is { } a ? Clause.Of(a.Clause) : null);
        if (string.IsNullOrWhiteSpace(s.Series) || s.Series != s.Series.Trim()) return new Refusal("series", $"'{s.Series}'", "the new series needs an id such as E");
        if (c.IsCommon(s.Series) || c.FindSeries(s.Series) is not null)
            return new Refusal("series", s.Series, $"is already a class of {c.Company} ({string.Join(", ", c.ClassIds)}); name the new series");
        if ((s.PreMoney is null) == (s.Price is null)) return new Refusal("pre-money", s.PreMoney?.ToString(C) ?? "(none)", "give exactly one of --pre-money and --price");
        if (s.PreMoney is <= 0) return new Refusal("pre-money", Px(s.PreMoney.Value), "must be positive");
        if (s.Price is { } p && (p <= 0 || Rounding.ModelPricePerShare(p) != p)) return new Refusal("price", Px(p), "must be positive, to at most four decimals");
        if (s.Investors.Count == 0) return new Refusal("investor", "(none)", "name at least one investor in the new series (--investor \"NAME=AMOUNT\")");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in s.Investors)
        {
            if (string.IsNullOrWhiteSpace(i.Holder)) return new Refusal("investor", $"'{i.Holder}'", "an investor needs a name");
            if (!seen.Add(i.Holder)) return new Refusal("investor", i.Holder, "appears more than once");
            if (i.Amount <= 0 || decimal.Round(i.Amount, 2) != i.Amount) return new Refusal("investor", $"{i.Holder}={Px(i.Amount)}", "the amount must be positive, in whole cents");
        }

        var total = s.Investors.Sum(i => i.Amount);
        if (s.Raise is { } r && r != total)
            return new Refusal("raise", Px(r), $"the investors' amounts add up to {Px(total)}; make them equal (or leave --raise out)");
        if (!ShareCount.All.Contains(s.PreMoneyShares))
            return new Refusal("pre-money-shares", s.PreMoneyShares, $"is not a share-count definition ({string.Join(", ", ShareCount.All)})");
        if (s.AntiDilutionReading is { } rd && !AntiDilutionReading.All.Contains(rd))
            return new Refusal("anti-dilution-reading", rd, $"must be {string.Join(" or ", AntiDilutionReading.All)}");
        if (s.Pool is { } pool)
        {
            if (pool.TargetPercent is < 0 or >= 100) return new Refusal("pool-target", Px(pool.TargetPercent), "must be a percentage from 0 to below 100");
            if (pool.Timing is not ("pre" or "post")) return new Refusal("pool-timing", pool.Timing, "must be pre or post");
            if (pool.Available is < 0) return new Refusal("pool-available", pool.Available.Value.ToString(C), "must not be negative");
        }

        foreach (var n in s.Notes)
        {
            var f = $"note {n.Holder}";
            if (n.Principal <= 0) return new Refusal(f, Px(n.Principal), "the principal must be positive");
            if (n.RatePercent < 0) return new Refusal(f, Px(n.RatePercent), "the interest rate must not be negative");
            if (n.Interest is not (NoteInterest.Simple or NoteInterest.Compound)) return new Refusal(f, n.Interest, "interest must be simple or compound");
            if (n.DayCount is not (NoteInterest.Actual365 or NoteInterest.Thirty360)) return new Refusal(f, n.DayCount, "the day count must be actual/365 or 30/360");
            if (n.Cap is <= 0) return new Refusal(f, Px(n.Cap.Value), "the cap must be positive");
            if (n.DiscountPercent is < 0 or >= 100) return new Refusal(f, Px(n.DiscountPercent.Value), "the discount must be a percentage from 0 to below 100");
            if (n.CapShares is { } cs && !ShareCount.All.Contains(cs)) return new Refusal(f, cs, $"capShares must be one of {string.Join(", ", ShareCount.All)}");
        }

        foreach (var x in s.Safes)
        {
            var f = $"safe {x.Holder}";
            if (x.Amount <= 0) return new Refusal(f, Px(x.Amount), "the amount must be positive");
            if (x.Kind is not ("post-money" or "pre-money")) return new Refusal(f, x.Kind, "kind must be post-money or pre-money");
            if (x.Cap is <= 0) return new Refusal(f, Px(x.Cap.Value), "the cap must be positive");
            if (x.DiscountPercent is < 0 or >= 100) return new Refusal(f, Px(x.DiscountPercent.Value), "the discount must be a percentage from 0 to below 100");
            if (x.CapShares is { } cs && !ShareCount.All.Contains(cs)) return new Refusal(f, cs, $"capShares must be one of {string.Join(", ", ShareCount.All)}");
        }

        if (s.Tender is { } tender)
        {
            if ((tender.Price is null) == (tender.PriceMultiple is null)) return new Refusal("tender", "price", "give exactly one of price and priceMultiple");
            if (tender.Price is <= 0 || tender.PriceMultiple is <= 0) return new Refusal("tender", "price", "must be positive");
            if (tender.Amount <= 0) return new Refusal("tender", Px(tender.Amount), "the amount must be positive");
            if (tender.Sellers.Count == 0) return new Refusal("tender", "sellers", "name at least one seller");
            if (!c.IsCommon(tender.Security) && c.FindSeries(tender.Security) is null && tender.Security != s.Series)
                return new Refusal("tender", tender.Security, $"is not a class of {c.Company} ({string.Join(", ", c.ClassIds)})");
            foreach (var seller in tender.Sellers)
                if (!t.HasHolder(seller.Holder)) return new Refusal("tender", seller.Holder, "is not a stakeholder of the company");
        }

        if (s.Terms is { } terms)
        {
            if (terms.Seniority is not (null or "parity" or "senior" or "junior")) return new Refusal("seniority", terms.Seniority, "must be parity, senior or junior");
            if (terms.Participation is not (null or "none" or "full" or "capped")) return new Refusal("participation", terms.Participation, "must be none, full or capped");
            if (terms.Multiple is <= 0) return new Refusal("multiple", Px(terms.Multiple.Value), "must be positive");
        }

        return null;
    }

    // ---- the fixed point --------------------------------------------------------------------------------------

    private sealed record Conv(string Id, string Holder, string Kind, decimal Principal, decimal Interest, decimal? Cap, decimal? Discount, string CapShares, bool Mfn, string? LedgerId);

    private readonly record struct State(decimal Price, long TopUp, long[] Conv)
    {
        public bool SameAs(State o) => Price == o.Price && TopUp == o.TopUp && Conv.AsSpan().SequenceEqual(o.Conv);
    }

    private static Result<RoundResult> SolveWith(ModelBase prepared, RoundScenario s, ModelOutputs outputs, DateOnly closing, string reading, string reported)
    {
        var before = prepared.Before;
        var c0 = before.Charter;
        var senior = c0.Series.Select((x, i) => (x, i)).OrderByDescending(p => p.x.Liquidation.Seniority).ThenByDescending(p => p.i).Select(p => p.x).FirstOrDefault();
        var poolAvailable = s.Pool?.Available ?? LedgerPool(before);
        var fdBefore = checked(prepared.FullyDiluted + poolAvailable);
        var convs = Convertibles(s with { Notes = [.. s.Notes, .. LedgerNotes(before, s)], Safes = [.. s.Safes, .. LedgerSafes(before, s)] }, closing);
        if (!convs.IsOk) return convs.Refusal!;
        var cv = convs.Value;
        var preTiming = s.Pool is null || s.Pool.Timing == "pre";
        var checks = new List<string>();

        long CountFor(string definition, long topUp, long convSum) =>
            fdBefore + (ShareCount.IncludesPool(definition) && preTiming ? topUp : 0) + (ShareCount.IncludesConvertibles(definition) ? convSum : 0);

        long adDelta = 0;
        if (fdBefore <= 0) return new Refusal("ledger", "0", "has no shares outstanding to price a round on");
        var state = new State(s.Price ?? Rounding.ModelPricePerShare(s.PreMoney!.Value / fdBefore), 0, new long[cv.Count]);
        if (state.Price <= 0) return new Refusal("pre-money", Px(s.PreMoney!.Value), $"gives a price below $0.0001 a share on {N(fdBefore)} fully diluted shares");
        var iterations = 0;
        var folds = 0;
        var converged = false;
        CapTable? after = null;
        CharterDocument? amended = null;
        List<LedgerEvent>? proposed = null;
        var clamped = false;
        while (folds < MaxFolds)
        {
            // Inner iteration: the share counts, with the fold's adjustment to the fully diluted count held fixed.
            var seen = new List<State> { state };
            var inner = false;
            for (var k = 0; k < MaxIterations; k++)
            {
                iterations++;
                var next = Step(state);
                if (next.IsOk is false) return next.Refusal!;
                if (next.Value.SameAs(state))
                {
                    inner = true;
                    break;
                }

                if (seen.Any(x => x.SameAs(next.Value)))
                    return new Refusal("pre-money", s.PreMoney?.ToString(C) ?? Px(s.Price!.Value),
                        $"the price does not settle: it cycles between {string.Join(" and ", seen.Select(x => Px(x.Price)).Distinct())} (rounding of the top-up and the conversions); try another pre-money or share-count definition");
                seen.Add(next.Value);
                state = next.Value;
            }

            if (!inner) return new Refusal("pre-money", Px(state.Price), $"the fixed point did not converge in {MaxIterations} iterations");

            // Fold the round at this state on the amended charter, and compare its fully diluted count with the estimate.
            var built = Build(before, s, closing, reading, senior, state, cv, poolAvailable, large: true, authorized: null, prepared.FullyDiluted, prepared.NextSequence);
            if (!built.IsOk) return built.Refusal!;
            folds++;
            (after, amended, proposed) = built.Value;
            var eInvestors = s.Investors.Sum(i => Rounding.RoundDownToWholeShares(i.Amount / state.Price));
            var predicted = fdBefore + adDelta + eInvestors + state.Conv.Sum() + state.TopUp;
            var actual = after.FullyDilutedTotal() + poolAvailable + state.TopUp;
            var delta = adDelta + (actual - predicted);
            if (s.Pool is null || delta == adDelta)
            {
                adDelta = delta;
                converged = true;
                break;
            }

            adDelta = delta;
        }

        if (!converged || after is null || amended is null || proposed is null)
            return new Refusal("pre-money", Px(state.Price), $"the fixed point did not converge in {MaxFolds} folds");

        // The authorized shares the amendment must provide, then the verifying fold on the exact amended charter.
        var required = RequiredAuthorized(after, state.TopUp + poolAvailable);
        var exact = Build(before, s, closing, reading, senior, state, cv, poolAvailable, large: false, authorized: required, prepared.FullyDiluted, prepared.NextSequence);
        if (!exact.IsOk) return exact.Refusal!;
        folds++;
        (after, amended, proposed) = exact.Value;

        // Re-verify every branch at the solution.
        var final = Step(state).Value;
        checks.Add(final.SameAs(state) ? "fixed point: one more step reproduces the price, the top-up and every conversion" : "fixed point: NOT reproduced");
        var convSum = state.Conv.Sum();
        var convResults = new List<ConvertibleResult>();
        for (var j = 0; j < cv.Count; j++)
        {
            var x = cv[j];
            var capShares = CountFor(x.CapShares, state.TopUp, convSum);
            var (price, branch, capPrice, discountPrice) = ConversionBranch.Choose(state.Price, x.Cap, capShares, x.Discount);
            var converting = x.Principal + x.Interest;
            var expected = Rounding.RoundDownToWholeShares(converting / price);
            checks.Add($"{x.Id}: {branch} branch (cap price {(capPrice is { } cp ? Px(cp) : "none")}, discount price {(discountPrice is { } dp ? Px(dp) : "none")}, round price {Px(state.Price)}); {converting.ToString("0.00", C)} ÷ {Px(price)} = {N(expected)} shares{(expected == state.Conv[j] ? "" : " MISMATCH")}");
            convResults.Add(new ConvertibleResult(x.Id, x.Holder, x.Kind, x.Principal, x.Interest, converting, state.Conv[j], price, branch, capPrice, discountPrice,
                x.Cap is null ? null : x.CapShares, x.Cap is null ? null : capShares, x.Mfn));
        }

        if (s.Pool is { } pl)
            checks.Add(clamped ? "pool: the unissued pool already meets the target; top-up clamped at zero" : $"pool: top-up {N(state.TopUp)} brings the unissued pool to {N(poolAvailable + state.TopUp)} ({pl.Timing}-money)");

        var preMoneyShares = CountFor(s.PreMoneyShares, state.TopUp, convSum);
        var fdAfter = after.FullyDilutedTotal() + poolAvailable + state.TopUp;
        var investors = s.Investors.Select(i =>
        {
            var n = Rounding.RoundDownToWholeShares(i.Amount / state.Price);
            return new InvestorAllocation(i.Holder, i.Amount, n, Rounding.PurchasePriceToNearestCent(n * state.Price));
        }).ToArray();
        var newSeries = amended.FindSeries(s.Series)!;
        var invShares = investors.Sum(i => i.Shares);

        var tender = proposed.OfType<SharesTransferred>().ToArray();
        TenderResult? tenderResult = null;
        if (s.Tender is { } td)
        {
            var tp = TenderPrice(td, state.Price);
            var sales = tender.Select(x => new TenderSale(x.From, x.Shares, Rounding.PurchasePriceToNearestCent(x.Shares * tp))).ToArray();
            tenderResult = new TenderResult(td.Buyer, td.Security, tender.Sum(x => x.Shares), tp, sales.Sum(x => x.Proceeds), sales);
        }

        var firstProposed = prepared.NextSequence;
        var cps = c0.Series.Select(x => new ConversionPriceResult(x.Id, before.ConversionPrice(x.Id), after.ConversionPrice(x.Id),
            after.ConversionPriceHistory.Where(h => h.Series == x.Id && h.EventSequence >= firstProposed)
                .Select(h => new AdjustmentFigures(h.Clause, h.Reason, h.From, h.To, h.Inputs?.A, h.Inputs?.B, h.Inputs?.C, h.Inputs?.Unrounded)).ToArray())).ToArray();

        var consents = Consents(before, prepared.Votes, amended, s);
        if (!consents.IsOk) return consents.Refusal!;

        var waterfall = new List<WaterfallAtExit>();
        var model = outputs.Exits.Count == 0 ? null : LiquidationModel.From(after);
        foreach (var exit in outputs.Exits)
        {
            var w = Liquidation.Waterfall.Solve(model!, exit);
            if (!w.IsOk) return w.Refusal!;
            waterfall.Add(new WaterfallAtExit(exit, w.Value.CommonPricePerShare,
                w.Value.Classes.Select(k => new WaterfallClass(k.Id, k.Decision, k.Shares, k.AsConvertedShares, k.Total, k.Exact)).ToArray(),
                w.Value.Holders.ToDictionary(h => h.Holder, h => h.Total, StringComparer.Ordinal)));
        }

        var returns = new List<InvestorReturn>();
        foreach (var (holder, invested) in investors.Select(i => (i.Holder, i.Paid)).Concat(convResults.Select(x => (x.Holder, x.Principal)))
                     .GroupBy(p => p.Item1, StringComparer.Ordinal).Select(g => (g.Key, g.Sum(p => p.Item2))))
        {
            var held = after.SharesHeld(holder, s.Series);
            var exits = waterfall.Select(w =>
            {
                var e = w.Classes.First(k => k.Id == s.Series);
                var proceeds = e.Shares == 0 ? 0m : e.Exact * held / e.Shares;
                return new ExitReturn(w.Exit, proceeds, Model.Returns.Multiple(invested, proceeds),
                    outputs.ExitDate is { } ed ? Model.Returns.Irr(invested, proceeds, closing, ed) : null, w.Holders.GetValueOrDefault(holder));
            }).ToArray();
            returns.Add(new InvestorReturn(holder, invested, exits));
        }

        var poolAfter = poolAvailable + state.TopUp;
        return new RoundResult
        {
            Name = s.Name,
            Company = c0.Company,
            Closing = closing,
            Reading = reported == "readings-agree" ? reported : reading,
            PricePerShare = state.Price,
            PreMoney = state.Price * preMoneyShares,
            PostMoney = state.Price * fdAfter,
            PreMoneySharesDefinition = s.PreMoneyShares,
            PreMoneyShares = preMoneyShares,
            FullyDilutedBefore = fdBefore,
            FullyDilutedAfter = fdAfter,
            NewSeries = new NewSeriesResult(newSeries.Id, newSeries.Name, newSeries.OriginalIssuePrice.Value, newSeries.Liquidation.Multiple, newSeries.Liquidation.Seniority,
                newSeries.Liquidation.Participation.Kind, newSeries.Dividend.RatePerShare, invShares + convSum, invShares, convSum, investors.Sum(i => i.Paid), investors),
            Pool = new PoolResult(poolAvailable, state.TopUp, poolAfter, s.Pool?.TargetPercent, s.Pool?.Timing, clamped, fdAfter == 0 ? null : 100m * poolAfter / fdAfter),
            Convertibles = convResults,
            Tender = tenderResult,
            ConversionPrices = cps,
            Consents = consents.Value,
            Consenting = s.Consenting,
            Authorized = new AuthorizedResult(required.Figures, $"{N(newSeries.FixedShares.Value)} shares of {newSeries.Name}"),
            Reservation = Reservation(after, poolAfter),
            OwnershipBeforeTable = new(() => prepared.OwnershipWith(poolAvailable, pool => Ownership(before, pool))),
            OwnershipTable = new(() => Ownership(after, poolAfter)),
            Waterfall = waterfall,
            Returns = returns,
            Solver = new SolverReport(iterations, folds, true, checks),
            Events = proposed,
            AmendedCharter = amended,
            After = after,
            Before = before,
        };

        // One step of the map: the price from the pre-money share count, the top-up from the post-money count, each
        // convertible's shares at the price (Gauss-Seidel: each figure uses the others' newest values).
        Result<State> Step(State x)
        {
            var convSumX = x.Conv.Sum();
            var topUp = x.TopUp;
            var eShares = 0L;
            foreach (var i in s.Investors) eShares += Rounding.RoundDownToWholeShares(i.Amount / x.Price);
            if (s.Pool is { } pool)
            {
                var withoutTopUp = fdBefore + adDelta + eShares + convSumX;
                var pct = pool.TargetPercent / 100m;
                var raw = (pct * withoutTopUp - poolAvailable) / (1m - pct);
                clamped = raw <= 0;
                topUp = raw <= 0 ? 0 : Rounding.RoundUpToWholeShares(raw);
            }

            var price = s.Price ?? Rounding.ModelPricePerShare(s.PreMoney!.Value / CountFor(s.PreMoneyShares, topUp, convSumX));
            if (price <= 0) return new Refusal("pre-money", Px(s.PreMoney!.Value), "gives a price below $0.0001 a share");
            var conv = new long[cv.Count];
            for (var j = 0; j < cv.Count; j++)
            {
                var (cp, _, _, _) = ConversionBranch.Choose(price, cv[j].Cap, CountFor(cv[j].CapShares, topUp, convSumX), cv[j].Discount);
                if (cp <= 0) return new Refusal(cv[j].Id, Px(cv[j].Cap ?? 0), "gives a conversion price below $0.0001 a share");
                conv[j] = Rounding.RoundDownToWholeShares((cv[j].Principal + cv[j].Interest) / cp);
            }

            return new State(price, topUp, conv);
        }
    }

    private static Result<List<Conv>> Convertibles(RoundScenario s, DateOnly closing)
    {
        var list = new List<Conv>();
        var n = 0;
        foreach (var note in s.Notes)
        {
            n++;
            if (note.Issued > closing) return new Refusal($"note {note.Holder}", Iso(note.Issued), $"is issued after the closing {Iso(closing)}");
            var interest = NoteInterest.Accrued(note.Principal, note.RatePercent, note.Issued, closing, note.Interest, note.DayCount);
            list.Add(new Conv(note.Id ?? $"NOTE-{n}", note.Holder, "note", note.Principal, interest, note.Cap, note.DiscountPercent,
                note.CapShares ?? ShareCount.CapDefault, false, note.Id));
        }

        // MFN: a SAFE with the clause takes the lowest cap and the highest discount of the other SAFEs in the round.
        var m = 0;
        foreach (var safe in s.Safes)
        {
            m++;
            var cap = safe.Cap;
            var discount = safe.DiscountPercent;
            if (safe.Mfn)
            {
                foreach (var other in s.Safes.Where(o => !ReferenceEquals(o, safe) && !o.Mfn))
                {
                    if (other.Cap is { } oc && (cap is null || oc < cap)) cap = oc;
                    if (other.DiscountPercent is { } od && (discount is null || od > discount)) discount = od;
                }
            }

            var def = safe.CapShares ?? (safe.Kind == "post-money" ? ShareCount.PostMoneySafeDefault : ShareCount.CapDefault);
            list.Add(new Conv(safe.Id ?? $"SAFE-{m}", safe.Holder, $"safe-{safe.Kind}", safe.Amount, 0m, cap, discount, def, safe.Mfn, safe.Id));
        }

        return list;
    }

    /// <summary>Open notes in the ledger with their terms (`grant --kind note`), unless the scenario names the same id.</summary>
    private static IEnumerable<NoteTerms> LedgerNotes(CapTable t, RoundScenario s) =>
        t.Convertibles.Values.Where(c => c.Outcome is null && c.Terms is { Kind: "note" } && s.Notes.All(n => n.Id != c.Id) && s.Safes.All(n => n.Id != c.Id))
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => new NoteTerms
            {
                Holder = c.Holder, Id = c.Id, Principal = c.Amount, Issued = c.IssuedOn, RatePercent = c.Terms!.RatePercent, Interest = c.Terms.Interest,
                DayCount = c.Terms.DayCount, Cap = c.Terms.Cap, DiscountPercent = c.Terms.DiscountPercent, CapShares = c.Terms.CapShares,
            });

    /// <summary>Open SAFEs in the ledger with their terms (`grant --kind safe`), unless the scenario names the same id.</summary>
    private static IEnumerable<SafeTerms> LedgerSafes(CapTable t, RoundScenario s) =>
        t.Convertibles.Values.Where(c => c.Outcome is null && c.Terms is { Kind: "safe" } && s.Notes.All(n => n.Id != c.Id) && s.Safes.All(n => n.Id != c.Id))
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => new SafeTerms
            {
                Holder = c.Holder, Id = c.Id, Amount = c.Amount, Kind = c.Terms!.SafeKind, Cap = c.Terms.Cap, DiscountPercent = c.Terms.DiscountPercent,
                Mfn = c.Terms.Mfn, CapShares = c.Terms.CapShares,
            });

    private static decimal TenderPrice(TenderTerms t, decimal roundPrice) =>
        t.Price ?? Rounding.ModelPricePerShare(roundPrice * t.PriceMultiple!.Value);

    /// <summary>The unissued pool in the ledger: every plan's reserve less the options granted under the employee-plan exclusion (outstanding or exercised), not below zero.</summary>
    public static long LedgerPool(CapTable t)
    {
        var reserved = t.Plans.Values.Where(p => t.Charter.IsCommon(p.Class)).Sum(p => p.Reserved);
        if (reserved == 0) return 0;
        var plan = t.Charter.AntiDilution?.FindExclusion("employee-plan")?.Id;
        var used = t.Instruments.Values.Where(i => i.Kind == "option" && plan is not null && i.Exclusion == plan).Sum(i => i.Outstanding + i.Exercised);
        return Math.Max(0, reserved - used);
    }

    // ---- the amended charter and the round's events ---------------------------------------------------------

    private sealed record Required(long Common, long Preferred, IReadOnlyList<AuthorizedFigure> Figures);

    private static Result<(CapTable After, CharterDocument Amended, List<LedgerEvent> Proposed)> Build(
        CapTable before, RoundScenario s, DateOnly closing, string reading, PreferredSeries? senior,
        State state, List<Conv> cv, long poolAvailable, bool large, Required? authorized, long fdBase, long nextSequence)
    {
        var c0 = before.Charter;
        var p = state.Price;
        var eShares = s.Investors.Sum(i => Rounding.RoundDownToWholeShares(i.Amount / p)) + state.Conv.Sum();
        if (eShares <= 0) return new Refusal("raise", Px(s.Investors.Sum(i => i.Amount)), $"buys no whole share at {Px(p)}");
        var amended = Amend(c0, s, p, eShares, reading, senior, large, authorized);

        // The amendment takes effect at the closing, on the state the base ledger folds to (CharterRules check it first).
        var checkedCharter = CharterLoader.Check(amended, $"{c0.Id} (amended)");
        if (!checkedCharter.IsOk) return checkedCharter.Refusal!;

        var events = new List<LedgerEvent>();
        var added = new HashSet<string>(StringComparer.Ordinal);
        void Holder(string name, string kind)
        {
            if (!before.HasHolder(name) && added.Add(name)) events.Add(new StakeholderAdded(closing, name, kind));
        }

        foreach (var x in cv) Holder(x.Holder, "investor");
        foreach (var i in s.Investors) Holder(i.Holder, "investor");
        if (s.Tender is { } t0) Holder(t0.Buyer, "investor");

        // The new series starts at its initial conversion price (recorded, so the event list is complete for the record).
        var newSeries = amended.FindSeries(s.Series)!;
        events.Add(new ConversionPriceSet(closing, s.Series, newSeries.InitialConversionPrice.Value, newSeries.InitialConversionPrice.Clause,
            $"Series {s.Series} created by the amendment at its initial conversion price"));

        // Conversions first (the notes and SAFEs convert at the closing), then the new money, the pool, the tender.
        var convSum = state.Conv.Sum();
        for (var j = 0; j < cv.Count; j++)
        {
            var x = cv[j];
            if (state.Conv[j] <= 0) continue;
            var fdBefore = fdBase + poolAvailable;
            var capShares = fdBefore + (ShareCount.IncludesPool(x.CapShares) && (s.Pool is null || s.Pool.Timing == "pre") ? state.TopUp : 0)
                                     + (ShareCount.IncludesConvertibles(x.CapShares) ? convSum : 0);
            var (price, _, _, _) = ConversionBranch.Choose(p, x.Cap, capShares, x.Discount);
            events.Add(new SharesIssued(closing, x.Holder, s.Series, state.Conv[j], price));
            if (x.LedgerId is { } lid && before.Convertibles.TryGetValue(lid, out var open) && open.Outcome is null)
                events.Add(new ConvertibleClosed(closing, lid, "converted"));
        }

        foreach (var i in s.Investors)
        {
            var n = Rounding.RoundDownToWholeShares(i.Amount / p);
            if (n > 0) events.Add(new SharesIssued(closing, i.Holder, s.Series, n, p));
        }

        if (s.Pool is not null && state.TopUp > 0)
        {
            var plan = s.Pool.Plan is { } id ? before.Plans.GetValueOrDefault(id)
                : before.Plans.Count == 1 ? before.Plans.Values.Single() : null;
            var planId = s.Pool.Plan ?? plan?.PlanId ?? "POOL";
            events.Add(new PlanReserveSet(closing, planId, plan?.Name ?? "Option pool", c0.Common.Id, (plan?.Reserved ?? poolAvailable) + state.TopUp));
        }

        if (s.Tender is { } t)
        {
            var tp = TenderPrice(t, p);
            var total = Rounding.RoundDownToWholeShares(t.Amount / tp);
            var sales = TenderAllocation(before, t, total, s.Series, events);
            if (!sales.IsOk) return sales.Refusal!;
            foreach (var (holder, n) in sales.Value)
                if (n > 0) events.Add(new SharesTransferred(closing, holder, t.Buyer, t.Security, n));
        }

        var seq = nextSequence;
        var proposed = events.Select((e, k) => new RecordedEvent(seq + k, RecordedAt, e)).ToArray();
        var folded = LedgerEditor.AmendThenContinue(before, amended, proposed);
        if (!folded.IsOk) return folded.Refusal!;
        return (folded.Value, amended, events);
    }

    /// <summary>The tender's shares per seller: stated, or pro rata to their holdings of the security (largest remainder, ties by name).</summary>
    private static Result<List<(string Holder, long Shares)>> TenderAllocation(CapTable before, TenderTerms t, long total, string newSeries, List<LedgerEvent> round)
    {
        long Held(string h) => t.Security == newSeries
            ? round.OfType<SharesIssued>().Where(e => e.Holder == h && e.Security == newSeries).Sum(e => e.Shares)
            : before.SharesHeld(h, t.Security);
        var list = new List<(string, long)>();
        if (t.Sellers.All(x => x.Shares is not null))
        {
            var stated = t.Sellers.Sum(x => x.Shares!.Value);
            if (stated != total)
                return new Refusal("tender", N(stated), $"the sellers' shares add up to {N(stated)}, but the amount buys {N(total)} at the tender price");
            foreach (var x in t.Sellers)
            {
                if (x.Shares!.Value > Held(x.Holder)) return new Refusal("tender", x.Holder, $"sells {N(x.Shares.Value)} but holds {N(Held(x.Holder))} of {t.Security}");
                list.Add((x.Holder, x.Shares.Value));
            }

            return list;
        }

        if (t.Sellers.Any(x => x.Shares is not null)) return new Refusal("tender", "sellers", "give shares for every seller or for none (pro rata)");
        var holdings = t.Sellers.Select(x => (x.Holder, Held: Held(x.Holder))).ToArray();
        var sum = holdings.Sum(h => h.Held);
        if (total > sum) return new Refusal("tender", N(total), $"the sellers hold only {N(sum)} shares of {t.Security}");
        var floors = holdings.Select(h => Rounding.RoundDownToWholeShares((decimal)total * h.Held / sum)).ToArray();
        var left = total - floors.Sum();
        var order = holdings.Select((h, i) => (i, rem: (decimal)total * h.Held / sum - floors[i], h.Holder))
            .OrderByDescending(x => x.rem).ThenBy(x => x.Holder, StringComparer.Ordinal).Select(x => x.i).ToArray();
        for (var k = 0; k < left; k++) floors[order[k]]++;
        for (var i = 0; i < holdings.Length; i++) list.Add((holdings[i].Holder, floors[i]));
        return list;
    }

    private static CharterDocument Amend(CharterDocument c0, RoundScenario s, decimal price, long eShares, string reading, PreferredSeries? senior, bool large, Required? authorized)
    {
        var terms = s.Terms ?? new SeriesTerms();
        var seniorRank = senior?.Liquidation.Seniority ?? 1;
        var rank = terms.Seniority switch
        {
            "senior" => seniorRank + 1,
            "junior" => c0.Series.Count == 0 ? 1 : c0.Series.Min(x => x.Liquidation.Seniority) - 1,
            _ => seniorRank,
        };
        var participation = terms.Participation is { } pk
            ? new Participation { Kind = pk, CapMultiple = pk == "capped" ? terms.ParticipationCap : null }
            : senior?.Liquidation.Participation ?? new Participation { Kind = "none" };
        var dividendRate = terms.DividendRate ?? (senior is null || senior.OriginalIssuePrice.Value == 0 ? 0m
            : Rounding.ModelDividendRate(senior.Dividend.RatePerShare * price / senior.OriginalIssuePrice.Value));
        var series = new PreferredSeries
        {
            Id = s.Series,
            Name = s.SeriesName ?? $"Series {s.Series} Preferred Stock",
            Designation = new ClauseRef(senior?.Designation?.Clause ?? ModelClause),
            FixedShares = new Term<long>(large ? eShares * 4 + 1_000_000 : eShares, senior?.FixedShares.Clause ?? ModelClause),
            OriginalIssuePrice = new Term<decimal>(price, senior?.OriginalIssuePrice.Clause ?? ModelClause),
            InitialConversionPrice = new Term<decimal>(price, senior?.InitialConversionPrice.Clause ?? ModelClause),
            Dividend = new SeriesDividend { RatePerShare = dividendRate, Kind = senior?.Dividend.Kind ?? "non-cumulative", Clause = senior?.Dividend.Clause ?? ModelClause },
            Liquidation = new SeriesLiquidation
            {
                Multiple = terms.Multiple ?? senior?.Liquidation.Multiple ?? 1m,
                Seniority = rank,
                Participation = participation,
                IncludesDeclaredUnpaidDividends = senior?.Liquidation.IncludesDeclaredUnpaidDividends ?? true,
                Clause = senior?.Liquidation.Clause ?? ModelClause,
            },
            IpoPriceMultiple = senior?.IpoPriceMultiple,
        };
        var a = c0.Authorized;
        long common, preferred;
        if (authorized is { } r) (common, preferred) = (r.Common, r.Preferred);
        else
        {
            // A generous working authorization for the solving folds; the exact one is computed from their result.
            preferred = checked(a.Preferred.Value + series.FixedShares.Value);
            common = checked(a.Common.Value + 1_000_000_000_000L);
        }

        var ad = c0.AntiDilution;
        return c0 with
        {
            Series = [.. c0.Series, series],
            Authorized = a with
            {
                Common = a.Common with { Value = common },
                Preferred = a.Preferred with { Value = preferred },
                Total = a.Total with { Value = checked(common + preferred) },
            },
            // The new series' own anti-dilution protection is not applied to the round that creates it (docs/interpretations.md).
            AntiDilution = ad is null ? null : ad with
            {
                ConvertibleSecuritySeries = reading == AntiDilutionReading.ConvertibleSecurity ? [.. ad.ConvertibleSecuritySeries, s.Series] : ad.ConvertibleSecuritySeries,
            },
        };
    }

    /// <summary>
    /// What the amendment must authorize: the new series' fixed number (the shares it issues), the preferred (every
    /// series issued, retired or reserved) and the common (outstanding, reserved for conversion of all preferred and
    /// exercise of all instruments, §6(i), and the unissued pool), each at least what the charter authorizes today.
    /// </summary>
    private static Required RequiredAuthorized(CapTable after, long poolAfter)
    {
        var c = after.Charter;
        long preferredUsed = 0;
        var onClass = after.InstrumentSharesByUnderlying();
        foreach (var x in c.Series)
            preferredUsed += after.Outstanding(x.Id) + after.RetiredByConversion.GetValueOrDefault(x.Id) + onClass.GetValueOrDefault(x.Id);
        var reserve = ReservedForConversion(after);
        var commonNeeded = after.Outstanding(c.Common.Id) + reserve + poolAfter;
        var a = c.Authorized;
        // The working charter authorized extra common; the figures "before" are the base charter's, less that margin.
        var baseCommon = a.Common.Value - 1_000_000_000_000L;
        var newSeries = c.Series[^1];
        var basePreferred = a.Preferred.Value - newSeries.FixedShares.Value;
        var common = Math.Max(baseCommon, commonNeeded);
        var eIssued = after.Outstanding(newSeries.Id);
        // Each series' fixed number must fit in the preferred authorized (FOURTH §2): the existing series' plus the new one's.
        preferredUsed = Math.Max(preferredUsed, c.Series.Take(c.Series.Count - 1).Sum(x => x.FixedShares.Value) + eIssued);
        var preferred = Math.Max(basePreferred, preferredUsed);
        return new Required(common, preferred,
        [
            new AuthorizedFigure(c.Common.Id, baseCommon, commonNeeded, common, a.Common.Clause),
            new AuthorizedFigure("preferred", basePreferred, preferredUsed, preferred, a.Preferred.Clause),
            new AuthorizedFigure("total", baseCommon + basePreferred, commonNeeded + preferredUsed, common + preferred, a.Total.Clause),
            new AuthorizedFigure(newSeries.Id, 0, eIssued, eIssued, newSeries.FixedShares.Clause),
        ]);
    }

    /// <summary>FOURTH §6(i): common reserved for conversion of all preferred (and warrants on it) at the prices in effect, rounded down per series, and exercise of all instruments on common.</summary>
    private static long ReservedForConversion(CapTable t)
    {
        var c = t.Charter;
        var onClass = t.InstrumentSharesByUnderlying();
        long reserve = onClass.Where(p => c.IsCommon(p.Key)).Sum(p => p.Value);
        foreach (var x in c.Series)
        {
            var pending = t.Outstanding(x.Id) + onClass.GetValueOrDefault(x.Id);
            if (pending > 0) reserve += Rounding.RoundDownToWholeShares(t.ExactConversionPrice(x.Id).Quotient(pending * x.OriginalIssuePrice.Value));
        }

        return reserve;
    }

    private static ReservationResult Reservation(CapTable after, long poolAfter)
    {
        var c = after.Charter;
        var reserve = ReservedForConversion(after);
        var outstanding = after.Outstanding(c.Common.Id);
        return new ReservationResult(c.Authorized.Common.Value, outstanding, reserve, poolAfter, c.Authorized.Common.Value - outstanding - reserve - poolAfter,
            c.Conversion?.Reservation?.Clause ?? c.Authorized.Common.Clause);
    }

    // ---- consents ---------------------------------------------------------------------------------------------

    private static Result<IReadOnlyList<ConsentResult>> Consents(CapTable before, VoteCount votes, CharterDocument amended, RoundScenario s)
    {
        var c0 = before.Charter;
        var list = new List<ConsentResult>();
        var e = amended.FindSeries(s.Series)!;
        var top = c0.Series.Count == 0 ? int.MinValue : c0.Series.Max(x => x.Liquidation.Seniority);
        var consents = s.Consenting.Select(h => new Consent(h)).ToArray();

        void Add(string action, string? note, bool applies)
        {
            var req = Approvals.Required(c0, votes, new ProposedAction(action));
            if (!req.IsOk) return;   // the charter has no such provision: nothing to consent to
            var adjusted = req.Value.Select(r => r with { Applies = r.Applies && applies, Note = note is null ? r.Note : string.IsNullOrEmpty(r.Note) ? note : $"{note}; {r.Note}" }).ToArray();
            var eval = Approvals.Evaluate(adjusted, votes, consents);
            var outcomes = eval.IsOk ? eval.Value : adjusted.Select(r => new ApprovalOutcome(r, null, null, null)).ToArray();
            foreach (var o in outcomes)
                list.Add(new ConsentResult(action, o.Approval.Clause, o.Approval.Body, o.Approval.Threshold, o.Approval.Base, o.Approval.Whole, o.Approval.Needed,
                    s.Consenting.Count == 0 ? null : o.Consenting, s.Consenting.Count == 0 ? null : o.Met, o.Approval.Applies, o.Approval.Note));
        }

        // One reading with the fold's check of the recorded amendment (LedgerEditor.NewSeriesConsents).
        var parityOrSenior = LedgerEditor.ParityOrSenior(c0, e.Liquidation.Seniority);
        var senior = LedgerEditor.SeniorToAll(c0, e.Liquidation.Seniority);
        Add(Approvals.IssueSeniorSecurity,
            parityOrSenior ? $"{e.Name} ranks {(senior ? "senior to the existing preferred" : e.Liquidation.Seniority == top ? "on a parity with the existing preferred" : "on a parity with or senior to some of the existing preferred")}"
                           : $"{e.Name} ranks junior to every existing series: not required", parityOrSenior);
        Add(Approvals.AdverseAmendment,
            senior ? "the amendment creates a series senior to the existing preferred, which may materially and adversely alter their rights (a judgment for counsel)"
                   : "creating a parity or junior series is not read as adverse by itself (a judgment for counsel)", senior);
        if (s.Consenting.Count > 0)
        {
            var check = Approvals.Evaluate([], votes, consents);
            if (!check.IsOk) return check.Refusal!;
        }

        return list;
    }

    // ---- ownership --------------------------------------------------------------------------------------------

    private static IReadOnlyList<OwnershipRow> Ownership(CapTable t, long pool)
    {
        var c = t.Charter;
        var instruments = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var i in t.OutstandingInstruments)
            instruments[i.Holder] = instruments.GetValueOrDefault(i.Holder) + (c.IsCommon(i.Underlying) ? i.Outstanding : t.AsConverted(i.Underlying, i.Outstanding));
        var (ids, held) = t.PositionsByHolder();

        var rows = new List<(string Holder, Dictionary<string, long> ByClass, long Instruments, long Shares)>();
        foreach (var h in t.Holders)
        {
            var byClass = new Dictionary<string, long>(StringComparer.Ordinal);
            long fd = 0;
            if (held.TryGetValue(h, out var row))
                for (var k = 0; k < ids.Length; k++)
                    if (row[k] != 0)
                    {
                        byClass[ids[k]] = row[k];
                        fd += t.AsConvertedPosition(ids[k], row[k]);
                    }

            var ins = instruments.GetValueOrDefault(h);
            if (fd + ins == 0) continue;
            rows.Add((h, byClass, ins, fd + ins));
        }

        if (pool > 0) rows.Add(("(unissued pool)", new Dictionary<string, long>(), 0, pool));
        var total = rows.Sum(r => r.Shares);
        return rows.Select(r => new OwnershipRow(r.Holder, r.ByClass, r.Instruments, r.Shares, total == 0 ? 0m : 100m * r.Shares / total)).ToArray();
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", C);

    private static string Px(decimal d) => d.ToString(C);

    private static string N(long n) => n.ToString("N0", C);
}
