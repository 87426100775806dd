using Charta.Core.AntiDilution;
using Charta.Core.Charter;

namespace Charta.Core.Ledger;

/// <summary>
/// Conversions the charter triggers outside an offering: on the vote of one series alone
/// (<c>automaticConversion.seriesVotes</c>) and pay-to-play (<c>payToPlay</c>): a holder of a series subject to it that
/// does not buy its pro rata share of a Qualified Financing converts. Each holder's conversion is a preferred-converted
/// of its own (the conversion rate in effect, fractions in cash), and what it delivered is stored in the event.
/// </summary>
internal sealed partial class LedgerEditor
{
    // ---- automatic conversion on the vote of one series ------------------------------------------------------

    /// <summary>The series a series vote converts: the voting series, or every series ("all-preferred").</summary>
    private string[] SeriesConverting(SeriesVoteConversion vote) =>
        vote.Converts == SeriesVoteConversion.AllPreferred ? Charter.Series.Select(s => s.Id).ToArray() : [vote.Series];

    private Refusal? Decide(SeriesConversionVoted e)
    {
        if (Charter.FindSeries(e.Series) is not { } series)
            return new Refusal("series", e.Series, $"is not a preferred series of {Charter.Company} ({string.Join(", ", Charter.Series.Select(x => x.Id))})");
        if (Charter.AutomaticConversion?.FindSeriesVote(e.Series) is not { } vote)
            return new Refusal("series", e.Series, $"the charter gives the holders of {series.Name} alone no vote to convert (automaticConversion.seriesVotes)",
                Cite(Charter.AutomaticConversion?.PreferredVote?.Clause ?? Charter.AutomaticConversion?.PublicOffering?.Clause));
        var clause = Clause.Of(vote.Clause);
        if (string.IsNullOrWhiteSpace(e.Approval)) return new Refusal("approval", "(none)", "the vote needs a record (meeting minutes or written consent)", clause);
        if (e.FractionPricePerCommonShare < 0)
            return new Refusal("market-price", Px(e.FractionPricePerCommonShare), "must not be negative", Cite(Charter.Conversion?.FractionalShares?.Clause));
        var outstanding = _outstanding.GetValueOrDefault(e.Series);
        if (outstanding == 0) return new Refusal("series", e.Series, $"no shares of {series.Name} are outstanding on {Iso(e.Date)} to vote", clause);
        if (e.SharesInFavour <= 0 || e.SharesInFavour > outstanding)
            return new Refusal("shares", N(e.SharesInFavour), $"must be between 1 and the {N(outstanding)} shares of {series.Name} outstanding", clause);
        if (!vote.Value.IsMet(e.SharesInFavour, outstanding, vote.Compare))
            return new Refusal("shares", N(e.SharesInFavour),
                $"is short of {vote.Comparison} {vote.Fraction} of the {N(outstanding)} shares of {series.Name} outstanding: {N(vote.Value.MinimumToMeet(outstanding, vote.Compare))} needed",
                clause);
        return DecideConvertAll(SeriesConverting(vote), e.FractionPricePerCommonShare, e.Conversions);
    }

    private void Evolve(SeriesConversionVoted e)
    {
        var vote = Charter.AutomaticConversion!.FindSeriesVote(e.Series)!;
        var converting = SeriesConverting(vote);
        var decided = IsDeciding && e.Conversions is null ? new List<HolderConversion>() : null;
        ConvertAll(e.Date, converting, e.FractionPricePerCommonShare, e.Conversions, decided);
        if (decided is not null) StoreDecided(e with { Conversions = decided });
        _ad.AutomaticConversions.Add(new AutomaticConversionRecord(e.Date, "series-vote", converting, _currentSequence, vote.Clause));
    }

    // ---- pay-to-play ------------------------------------------------------------------------------------------

    /// <summary>The holders who bought less than their pro rata offer, with every share they hold of the series subject to pay-to-play (register order).</summary>
    private (string Holder, ConvertedLot[] Lots)[] NotPlaying(PayToPlayTerms terms, QualifiedFinancingClosed e)
    {
        var short_ = e.Takeup.Where(t => !t.Plays).Select(t => t.Holder).ToHashSet(StringComparer.Ordinal);
        return Converting(terms.AppliesTo).Where(x => short_.Contains(x.Holder)).ToArray();
    }

    /// <summary>The lots of the holders that did not play which convert into the common (series without a shadow).</summary>
    private (string Holder, ConvertedLot[] Lots)[] IntoCommon(PayToPlayTerms terms, QualifiedFinancingClosed e) =>
        NotPlaying(terms, e).Select(x => (x.Holder, x.Lots.Where(l => Charter.IsCommon(terms.TargetOf(l.Series))).ToArray()))
            .Where(x => x.Item2.Length > 0).ToArray();

    /// <summary>The shadow shares the charter gives the holders that did not play: one share of the shadow for each share of its series.</summary>
    private ShadowConversion[] IntoShadows(PayToPlayTerms terms, QualifiedFinancingClosed e) =>
        NotPlaying(terms, e).SelectMany(x => x.Lots.Where(l => !Charter.IsCommon(terms.TargetOf(l.Series)))
            .Select(l => new ShadowConversion(x.Holder, l.Series, terms.TargetOf(l.Series), l.Shares))).ToArray();

    private Refusal? Decide(QualifiedFinancingClosed e)
    {
        if (Charter.PayToPlay is not { } terms)
            return new Refusal("charter", _charterId, "has no pay-to-play term (payToPlay): a financing converts no one; record its issues alone");
        var clause = Clause.Of(terms.Clause);
        var names = string.Join(", ", terms.AppliesTo.Select(SecurityName));
        if (string.IsNullOrWhiteSpace(e.Financing)) return new Refusal("financing", "(none)", "name the financing", clause);
        if (string.IsNullOrWhiteSpace(e.Designation))
            return new Refusal("designation", "(none)", "a Qualified Financing needs the record of the Board's designation", Clause.Of(terms.QualifiedFinancing.Clause));
        if (e.FractionPricePerCommonShare < 0)
            return new Refusal("market-price", Px(e.FractionPricePerCommonShare), "must not be negative", Cite(Charter.Conversion?.FractionalShares?.Clause));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in e.Takeup)
        {
            if (CheckHolder("takeup", t.Holder) is { } notHolder) return notHolder;
            if (!seen.Add(t.Holder)) return new Refusal("takeup", t.Holder, "appears twice; record each holder's offer once");
            if (t.Offered <= 0) return new Refusal("takeup", $"{t.Holder}={N(t.Offered)}:{N(t.Purchased)}", "the pro rata offer must be a positive number of shares", clause);
            if (t.Purchased < 0) return new Refusal("takeup", $"{t.Holder}={N(t.Offered)}:{N(t.Purchased)}", "the shares bought must not be negative", clause);
            if (!terms.AppliesTo.Any(s => _positions.GetValueOrDefault((t.Holder, s)) > 0))
                return new Refusal("takeup", t.Holder, $"holds no shares of {names} on {Iso(e.Date)}: only their holders are subject to pay-to-play", clause);
        }

        var any = false;
        foreach (var (h, _) in Converting(terms.AppliesTo))
        {
            any = true;
            if (!seen.Contains(h))
                return new Refusal("takeup", h, $"holds shares of {names} on {Iso(e.Date)} but no pro rata offer is recorded for it: record every such holder's offer and purchase (holder=offered:bought)", clause);
        }

        if (!any) return new Refusal("date", Iso(e.Date), $"no shares of {names} are outstanding: pay-to-play converts no one", clause);
        if (DecideConvertHolders(IntoCommon(terms, e), e.FractionPricePerCommonShare, e.Conversions) is { } refused) return refused;
        return DecideShadows(terms, e);
    }

    /// <summary>
    /// The shadow conversions: stored ones name holders and series of this financing; the shadow's conversion price,
    /// once it has been issued, is still its series' (else a share would not convert into what its series' share did);
    /// and the shadow shares fit the authorized numbers (each series' fixed number, the preferred; §6(i)).
    /// </summary>
    private Refusal? DecideShadows(PayToPlayTerms terms, QualifiedFinancingClosed e)
    {
        var derived = IntoShadows(terms, e);
        if (e.Shadows is { } stored)
            foreach (var x in stored)
            {
                if (CheckHolder("shadows", x.Holder) is { } r) return r;
                if (x.Shares < 0) return new Refusal("shadows", N(x.Shares), $"{x.Holder}'s shadow shares must not be negative");
                if (terms.TargetOf(x.Series) != x.Shadow || Charter.IsCommon(x.Shadow))
                    return new Refusal("shadows", $"{x.Series}→{x.Shadow}", "is not a series and its shadow series under the charter's pay-to-play", Clause.Of(terms.Clause));
            }

        if (derived.Length == 0) return null;
        foreach (var g in derived.GroupBy(x => (x.Series, x.Shadow)))
        {
            var (series, shadow) = g.Key;
            if (ShadowIssued(shadow) && ExactPriceOf(shadow).Value != ExactPriceOf(series).Value)
                return new Refusal("date", Iso(e.Date),
                    $"{SecurityName(shadow)} was first issued at a conversion price of {Price(_conversionPrices[shadow])}, and {SecurityName(series)} now converts at {Price(_conversionPrices[series])}: a share of it would not convert into one share of its shadow series; amend the charter to designate another shadow series",
                    Clause.Of(ShadowClause(terms, series)));
        }

        var scratch = Scratch();
        foreach (var x in e.Shadows ?? derived) scratch.BookShadow(terms, x, e.Date);
        foreach (var shadow in (e.Shadows ?? derived).Select(x => x.Shadow).Distinct(StringComparer.Ordinal))
            if (scratch.CheckAuthorized(shadow, 0, 0, "takeup") is { } over) return over;
        return null;
    }

    private void Evolve(QualifiedFinancingClosed e)
    {
        var terms = Charter.PayToPlay!;
        var converting = NotPlaying(terms, e);
        var decided = IsDeciding && e.Conversions is null ? new List<HolderConversion>() : null;
        ConvertHolders(e.Date, IntoCommon(terms, e), e.FractionPricePerCommonShare, e.Conversions, decided);
        var derived = IntoShadows(terms, e);
        var storeShadows = IsDeciding && e.Shadows is null && derived.Length > 0;
        if (e.Shadows is { } stored)
        {
            // The shadow shares delivered are the fact; a difference from what the charter now gives is reported.
            var derivedBy = derived.ToDictionary(x => (x.Holder, x.Series), x => x.Shares);
            foreach (var x in stored) Track("shadow", $"{x.Holder} ({x.Shadow})", x.Shares, derivedBy.Remove((x.Holder, x.Series), out var n) ? n : 0, 0m, 0m);
            foreach (var ((holder, series), n) in derivedBy) Track("shadow", $"{holder} ({terms.TargetOf(series)})", 0, n, 0m, 0m);
        }

        foreach (var x in e.Shadows ?? derived) BookShadow(terms, x, e.Date);
        if (decided is not null || storeShadows)
            StoreDecided(e with { Conversions = decided ?? e.Conversions, Shadows = storeShadows ? derived : e.Shadows });
        if (converting.Length > 0 || e.Conversions is { Count: > 0 } || e.Shadows is { Count: > 0 })
            _ad.AutomaticConversions.Add(new AutomaticConversionRecord(e.Date, "pay-to-play", converting.SelectMany(c => c.Lots.Select(l => l.Series)).Distinct().ToArray(),
                _currentSequence, terms.Clause));
    }

    private static string Price(decimal p) => "$" + p.ToString("0.00########", System.Globalization.CultureInfo.InvariantCulture);

    private string ShadowClause(PayToPlayTerms terms, string series) =>
        terms.ShadowSeries.FirstOrDefault(x => x.Series == series)?.Clause ?? terms.Clause;

    /// <summary>Whether a shadow series has been issued (then its conversion price is fixed).</summary>
    private bool ShadowIssued(string shadow) =>
        _firstIssue.ContainsKey(shadow) || _outstanding.GetValueOrDefault(shadow) > 0 || _retired.GetValueOrDefault(shadow) > 0;

    /// <summary>
    /// One holder's shares of a series converted into its shadow series, share for share: the series' shares are
    /// cancelled (not reissuable, as any converted preferred), the shadow's issued with the cumulative-dividend lots the
    /// converted shares carried (the same investment, identical terms but for the differences the charter states). The
    /// shadow's conversion price, at its first issue, is the series' in effect (recorded with the clause).
    /// </summary>
    private void BookShadow(PayToPlayTerms terms, ShadowConversion x, DateOnly date)
    {
        if (x.Shares <= 0) return;
        if (!ShadowIssued(x.Shadow) && ExactPriceOf(x.Shadow).Value != ExactPriceOf(x.Series).Value)
        {
            var from = _conversionPrices[x.Shadow];
            _exactPrices[x.Shadow] = ExactPriceOf(x.Series);
            _conversionPrices[x.Shadow] = _conversionPrices[x.Series];
            _cpHistory.Add(new ConversionPriceChange(date, x.Shadow, from, _conversionPrices[x.Shadow], ShadowClause(terms, x.Series), _currentSequence,
                $"{SecurityName(x.Shadow)} first issued on pay-to-play at the conversion price of {SecurityName(x.Series)} in effect"));
        }

        MoveAccrualLots(x.Holder, x.Series, x.Shadow, x.Shares, date);
        AddPosition(x.Holder, x.Series, -x.Shares, countOutstanding: false);
        _outstanding[x.Series] = _outstanding.GetValueOrDefault(x.Series) - x.Shares;
        _retired[x.Series] = _retired.GetValueOrDefault(x.Series) + x.Shares;
        AddPosition(x.Holder, x.Shadow, x.Shares);
        _firstIssue.TryAdd(x.Shadow, date);
    }
}
