using Charta.Core.Charter;
using Charta.Core.Money;

namespace Charta.Core.Ledger;

/// <summary>Issuance and movements of shares: issues, transfers, cancellations, splits, reissues and authorized amounts.</summary>
internal sealed partial class LedgerEditor
{
    private Refusal? Decide(SharesIssued e)
    {
        if (CheckHolder("holder", e.Holder) is { } r1) return r1;
        if (CheckSecurity("security", e.Security) is { } r2) return r2;
        if (e.Shares <= 0) return new Refusal("shares", N(e.Shares), "must be a positive number of shares");
        if (e.PricePerShare < 0) return new Refusal("price", Px(e.PricePerShare), "must not be negative", CiteNear(Charter.AntiDilution?.Clause, "(v)"));
        if (e.ConsiderationKind is not ("cash" or "property"))
            return new Refusal("consideration", e.ConsiderationKind, "must be 'cash' or 'property'", CiteNear(Charter.AntiDilution?.Clause, "(v)(A)"));
        if (BelowPar(e.Security, e.PricePerShare) is { } par) return par;
        if (CheckExclusion(e.Exclusion, e.Approval) is { } r3) return r3;
        if (Charter.IsCommon(e.Security) && RatchetToZero(e.Date, e.Shares, e.Shares * e.PricePerShare, e.Exclusion, "price") is { } r4) return r4;
        return CheckAuthorized(e.Security, e.Shares, 0, "shares");
    }

    /// <summary>
    /// The par value the charter states for the class (authorized.commonParValue for any class of common,
    /// authorized.preferredParValue for a series): a share is not issued for less (DGCL §153(a) for par-value stock). A
    /// price of exactly zero is an issue for no new consideration, not a sale below par, and is not refused here.
    /// </summary>
    private Refusal? BelowPar(string security, decimal price)
    {
        var par = Charter.IsCommon(security) ? Charter.Authorized.CommonParValue : Charter.Authorized.PreferredParValue;
        // $0.00 records shares issued for no new consideration (a stock dividend written as issuances, as OCF does;
        // shares for past services): not a sale below par (docs/interpretations.md, par value).
        if (par is null || price == 0m || price >= par.Value) return null;
        var field = Charter.IsCommon(security) ? "authorized.commonParValue" : "authorized.preferredParValue";
        return new Refusal("price", Px(price), $"is below the par value {par.Value} a share of {security} ({field}); a share with a par value is not issued for less (DGCL §153(a))", Clause.Of(par.Clause));
    }

    private void Evolve(SharesIssued e)
    {
        OnSharesIssued(e);
        AddPosition(e.Holder, e.Security, e.Shares);
        AddAccrualLot(e.Holder, e.Security, e.Date, e.Shares);
        _firstIssue.TryAdd(e.Security, e.Date);
        if (!Charter.IsCommon(e.Security))
            _latestIssue[(e.Holder, e.Security)] = _latestIssue.TryGetValue((e.Holder, e.Security), out var l) && l.Date == e.Date
                ? l with { Shares = l.Shares + e.Shares }
                : new LatestIssue(e.Date, e.Shares);
    }

    private Refusal? Decide(SharesTransferred e)
    {
        if (CheckHolder("from", e.From) is { } r1) return r1;
        if (CheckHolder("to", e.To) is { } r2) return r2;
        if (e.From == e.To) return new Refusal("to", e.To, "is the same holder as 'from'");
        if (CheckSecurity("security", e.Security) is { } r3) return r3;
        return CheckHeld(e.From, e.Security, e.Shares, e.Date);
    }

    private void Evolve(SharesTransferred e)
    {
        AddPosition(e.From, e.Security, -e.Shares, countOutstanding: false);
        AddPosition(e.To, e.Security, e.Shares, countOutstanding: false);
        TransferAccrualLots(e.From, e.To, e.Security, e.Shares);
    }

    private Refusal? Decide(SharesCancelled e)
    {
        if (CheckHolder("holder", e.Holder) is { } r1) return r1;
        if (CheckSecurity("security", e.Security) is { } r2) return r2;
        if (!Charter.IsCommon(e.Security) && Charter.Redemption is { Redeemable: false } red)
            return new Refusal("security", e.Security, "preferred stock is not redeemable; convert it instead", Clause.Of(red.Clause));
        return CheckHeld(e.Holder, e.Security, e.Shares, e.Date);
    }

    private void Evolve(SharesCancelled e) => AddPosition(e.Holder, e.Security, -e.Shares);

    /// <summary>A reissue records a certificate; the position it covers must be held, and nothing changes.</summary>
    private Refusal? Decide(SharesReissued e)
    {
        if (CheckHolder("holder", e.Holder) is { } r1) return r1;
        if (CheckSecurity("security", e.Security) is { } r2) return r2;
        return CheckHeld(e.Holder, e.Security, e.Shares, e.Date);
    }

    private Refusal? CheckHeld(string holder, string security, long shares, DateOnly date)
    {
        if (shares <= 0) return new Refusal("shares", N(shares), "must be a positive number of shares");
        var held = _positions.GetValueOrDefault((holder, security));
        return shares > held
            ? new Refusal("shares", N(shares), $"{holder} holds only {N(held)} shares of {SecurityName(security)} on {Iso(date)}")
            : null;
    }

    // ---- splits -----------------------------------------------------------------------------------------------

    /// <summary>A position or an instrument's shares after n new for d old: a combination rounds each down (fractions are cashed out).</summary>
    private static long SplitShares(long shares, long n, long d) => Rounding.RoundDownToWholeShares(Rational.Of(shares, 1) * Rational.Of(n, d));

    /// <summary>
    /// The authorized counts and the §6(i) reservation checked against the state after every common share becomes n/d
    /// shares (a split, or a reclassification of the common): the same scaling <see cref="ScaleCommonHoldings"/> applies.
    /// </summary>
    private Refusal? CheckScaledCommon(long n, long d, string field)
    {
        // Every class of common is subdivided or combined alike (docs/interpretations.md, "Several classes of common").
        var outstanding = new Dictionary<string, long>(StringComparer.Ordinal);
        var reserved = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var k in Charter.CommonClasses)
        {
            outstanding[k.Id] = 0;
            reserved[k.Id] = 0;
        }

        foreach (var (key, shares) in _positions)
            if (outstanding.ContainsKey(key.Security)) outstanding[key.Security] += SplitShares(shares, n, d);
        foreach (var i in _instruments.Values)
            if (reserved.ContainsKey(i.Underlying)) reserved[i.Underlying] += SplitShares(i.Outstanding, n, d);
        return CheckAuthorized(Charter.Common.Id, 0, 0, field, new AuthorizedView(
            Outstanding: id => outstanding.TryGetValue(id, out var o) ? o : _outstanding.GetValueOrDefault(id),
            Reserved: id => reserved.TryGetValue(id, out var r) ? r : _instrumentReserved.GetValueOrDefault(id),
            Price: id => ExactPriceOf(id).Scaled(d, n)));
    }

    /// <summary>Every common position and every instrument over common (every class of common): n new for each d old (rounded down per holder), exercise prices inversely.</summary>
    private void ScaleCommonHoldings(long n, long d)
    {
        foreach (var k in Charter.CommonClasses) ScaleCommonHoldings(k.Id, n, d);
    }

    private void ScaleCommonHoldings(string common, long n, long d)
    {
        _touchedAll = true;
        long newOutstanding = 0;
        foreach (var key in _positions.Keys.Where(k => k.Security == common).ToList())
        {
            var scaled = SplitShares(_positions[key], n, d);
            // A combination that leaves a holder less than one share leaves it none: no position (as AddPosition).
            if (scaled == 0) _positions.Remove(key);
            else _positions[key] = scaled;
            newOutstanding += scaled;
        }

        _outstanding[common] = newOutstanding;

        long reserved = 0;
        foreach (var id in _instruments.Keys.ToList())
        {
            var i = _instruments[id];
            if (i.Underlying != common) continue;
            var outstanding = SplitShares(i.Outstanding, n, d);
            // The exercise price moves "proportionately", exact (the factor since it was last set), shown to ten places.
            ExactPrice exact;
            try
            {
                exact = i.ExactPrice.Scaled(d, n);
                _ = exact.Display;
            }
            catch (OverflowException)
            {
                // A cumulative factor too large to hold: the ten-place price becomes the new base (docs/interpretations.md).
                exact = ExactPrice.Of(Rounding.SplitAdjustedPrice(Rational.Of(i.ExercisePrice) * Rational.Of(d, n)));
            }

            _instruments[id] = i with { Outstanding = outstanding, ExercisePrice = exact.Display, ExactExercisePrice = exact.IsDecimal ? null : exact };
            reserved += outstanding;
        }

        _instrumentReserved[common] = reserved;
    }

    private Refusal? Decide(StockSplit e)
    {
        if (e.Numerator <= 0 || e.Denominator <= 0)
            return new Refusal("ratio", $"{e.Numerator}:{e.Denominator}", "both sides of a split ratio must be positive", Cite(Charter.Conversion?.SplitAdjustment?.Clause));
        if (e.Numerator == e.Denominator)
            return new Refusal("ratio", $"{e.Numerator}:{e.Denominator}", "a 1:1 split changes nothing", Cite(Charter.Conversion?.SplitAdjustment?.Clause));

        // §6(e)(i) keeps each price exact (the cumulative factor since it was last set): one too large to hold is refused.
        foreach (var s in Charter.Series)
            if (!TryScale(ExactPriceOf(s.Id), e.Denominator, e.Numerator, out _))
                return new Refusal("ratio", $"{e.Numerator}:{e.Denominator}",
                    $"would make the cumulative split factor of the {s.Name} conversion price since it was last set too large to keep exactly; record the splits with smaller ratios",
                    Cite(Charter.Conversion?.SplitAdjustment?.Clause));

        // The authorized counts are checked against the state after the split: the same scaling the evolve applies.
        return CheckScaledCommon(e.Numerator, e.Denominator, "ratio");
    }

    private void Evolve(StockSplit e)
    {
        var clause = Charter.Conversion?.SplitAdjustment?.Clause ?? "conversion-price split adjustment (the charter names no clause)";

        // Subdivide or combine each common position; options and other instruments on common: more shares at a
        // proportionately lower price.
        ScaleCommonHoldings(e.Numerator, e.Denominator);

        // §6(e)(i): every conversion price moves in inverse proportion, concurrently with the split.
        foreach (var s in Charter.Series)
        {
            var from = _conversionPrices[s.Id];
            var to = ScalePrice(s.Id, e.Denominator, e.Numerator);
            _cpHistory.Add(new ConversionPriceChange(e.Date, s.Id, from, to, clause, _currentSequence,
                $"{(e.Numerator > e.Denominator ? "subdivision" : "combination")} {e.Numerator}:{e.Denominator}"));
        }

        OnStockSplit(e);
    }

    // ---- authorized shares and mixed consideration ------------------------------------------------------------

    /// <summary>The charter with the amended authorized number (FOURTH, §2), or null if the class is not one of the charter's.</summary>
    private CharterDocument? WithAuthorized(AuthorizedSharesChanged e)
    {
        var before = Charter;
        var a = before.Authorized;
        var amended = $" (amended {Iso(e.Date)})";
        string Cl(string c) => c.Contains(" (amended ", StringComparison.Ordinal) ? c[..c.IndexOf(" (amended ", StringComparison.Ordinal)] + amended : c + amended;
        if (e.Class is null) return before with { Authorized = a with { Total = new Term<long>(e.Shares, Cl(a.Total.Clause)) } };
        if (before.IsCommon(e.Class) && !before.HasSeveralCommonClasses) return before with { Authorized = a with { Common = new Term<long>(e.Shares, Cl(a.Common.Clause)) } };
        if (before.FindCommon(e.Class) is { } k)
        {
            // One class of several: its own number, and authorized.common by the same difference.
            var delta = e.Shares - k.Authorized!.Value;
            CommonClass Amend(CommonClass x) => x.Id == k.Id ? x with { Authorized = new Term<long>(e.Shares, Cl(x.Authorized!.Clause)) } : x;
            return before with
            {
                Authorized = a with { Common = new Term<long>(a.Common.Value + delta, Cl(a.Common.Clause)) },
                Common = Amend(before.Common),
                AdditionalCommonClasses = before.AdditionalCommonClasses.Select(Amend).ToList(),
            };
        }

        if (before.FindSeries(e.Class) is not { } s) return null;
        var series = before.Series.Select(x => x.Id == s.Id ? x with { FixedShares = new Term<long>(e.Shares, Cl(x.FixedShares.Clause)) } : x).ToList();
        return before with { Series = series };
    }

    /// <summary>FOURTH (authorized shares) as amended: the new number must cover what is issued, retired and reserved.</summary>
    private Refusal? Decide(AuthorizedSharesChanged e)
    {
        if (e.Shares < 0) return new Refusal("shares", N(e.Shares), "must not be negative");
        if (WithAuthorized(e) is not { } amended) return CheckSecurity("class", e.Class!);
        return CheckAuthorized(e.Class ?? Charter.Common.Id, 0, 0, "shares", new AuthorizedView(Charter: amended));
    }

    private void Evolve(AuthorizedSharesChanged e) => _charter = WithAuthorized(e)!;

    /// <summary>FOURTH §6(d)(v)(A)(3): the common's share of mixed consideration, as the Board allocated it, is an issue of common.</summary>
    private SharesIssued AsIssue(SharesIssuedForMixedConsideration e) =>
        new(e.Date, e.Holder, Charter.Common.Id, e.Shares, e.AllocatedToCommon / e.Shares, "cash");

    private Refusal? Decide(SharesIssuedForMixedConsideration e)
    {
        var clause = CiteNear(Charter.AntiDilution?.Clause, "(v)(A)(3)");
        if (string.IsNullOrWhiteSpace(e.Approval))
            return new Refusal("approval", "(none)", "the allocation of mixed consideration is \"as determined in good faith by the Board\": record its approval", clause);
        if (string.IsNullOrWhiteSpace(e.OtherItems)) return new Refusal("other", $"'{e.OtherItems}'", "name what else was issued for the consideration", clause);
        if (e.Shares <= 0) return new Refusal("shares", N(e.Shares), "must be a positive number of shares");
        if (e.TotalConsideration < 0) return new Refusal("consideration", Px(e.TotalConsideration), "must not be negative", clause);
        if (e.AllocatedToCommon < 0 || e.AllocatedToCommon > e.TotalConsideration)
            return new Refusal("allocated", Px(e.AllocatedToCommon), $"must be between 0 and the total consideration {Px(e.TotalConsideration)}", clause);
        return DecideNested(AsIssue(e));
    }

    private void Evolve(SharesIssuedForMixedConsideration e) => EvolveNested(AsIssue(e));
}
