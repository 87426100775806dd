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
        return DecideConvertHolders(NotPlaying(terms, e), e.FractionPricePerCommonShare, e.Conversions);
    }

    private void Evolve(QualifiedFinancingClosed e)
    {
        var terms = Charter.PayToPlay!;
        var converting = NotPlaying(terms, e);
        var decided = IsDeciding && e.Conversions is null ? new List<HolderConversion>() : null;
        ConvertHolders(e.Date, converting, e.FractionPricePerCommonShare, e.Conversions, decided);
        if (decided is not null) StoreDecided(e with { Conversions = decided });
        if (converting.Length > 0 || e.Conversions is { Count: > 0 })
            _ad.AutomaticConversions.Add(new AutomaticConversionRecord(e.Date, "pay-to-play", converting.SelectMany(c => c.Lots.Select(l => l.Series)).Distinct().ToArray(),
                _currentSequence, terms.Clause));
    }
}
