using Charta.Core.Charter;
using Charta.Core.Covenants;
using Charta.Core.Ledger;
using Charta.Core.Voting;

namespace Charta.Core.Tests.Conversion;

/// <summary>
/// Session 19 on the embedded nvca-2020-style charter: pay-to-play (its Article Fourth, Part B §5.4, a Qualified Financing
/// designated by the Board, §5.4.1), automatic conversion on the vote of Series A alone (§5.1(b)) and the Series A class
/// vote on an adverse amendment (§3.4). The company: 7,500,000 founders' common, an option pool of 1,500,000; on
/// 2021-06-01 Fund A buys 1,000,000 Series A, Angel 250,000 Series A and 500,000 Seed, Seed Fund 500,000 Seed
/// (Series A 1,250,000 at $2.00, Seed 1,000,000 at $1.00: 2,250,000 preferred).
/// </summary>
public sealed class PartB_5_4_PayToPlay_And_SeriesVotes
{
    private const string Id = "nvca-2020-style";
    private static readonly DateOnly D0 = new(2020, 1, 2);
    private static readonly DateOnly Issue = new(2021, 6, 1);
    private static readonly DateOnly DownRound = new(2021, 9, 1);
    private static readonly DateOnly Closing = new(2022, 3, 1);

    private static List<LedgerEvent> Company(bool downRound = false)
    {
        var l = new List<LedgerEvent>
        {
            new CompanyCreated(D0, Id, CharterLoader.EmbeddedText(Id), D0),
        };
        l.AddRange(new[] { "Founders", "Staff", "Fund A", "Angel", "Seed Fund", "Newco" }.Select(h => new StakeholderAdded(D0, h)));
        l.Add(new SharesIssued(D0, "Founders", "common", 7_500_000, 0.0001m));
        l.Add(new InstrumentGranted(new DateOnly(2020, 2, 1), "POOL", "Staff", "option", "common", 1_500_000, 0.10m, null, 0m, "employee-plan", "Board minutes"));
        l.Add(new SharesIssued(Issue, "Fund A", "A", 1_000_000, 2.00m));
        l.Add(new SharesIssued(Issue, "Angel", "A", 250_000, 2.00m));
        l.Add(new SharesIssued(Issue, "Angel", "Seed", 500_000, 1.00m));
        l.Add(new SharesIssued(Issue, "Seed Fund", "Seed", 500_000, 1.00m));
        // The worked example's down round: Series A ratchets 2.00 → 0.80; the Seed averages to 0.98
        // (A = 7,500,000 + 1,500,000 + 1,000,000 + 1,250,000 = 11,250,000; (11,250,000 + 800,000) / 12,250,000 = 0.98367… → 0.98).
        if (downRound) l.Add(new SharesIssued(DownRound, "Newco", "common", 1_000_000, 0.80m));
        return l;
    }

    private static List<RecordedEvent> Recorded(IEnumerable<LedgerEvent> events) =>
        events.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)).ToList();

    private static Result<Decision> Decide(List<LedgerEvent> existing, LedgerEvent proposed) =>
        Fold.TryDecide(Recorded(existing), [new RecordedEvent(existing.Count + 1, DateTimeOffset.UnixEpoch, proposed)]);

    private static QualifiedFinancingClosed Financing(params ProRataTakeup[] takeup) =>
        new(Closing, "Series B", "Board resolution 2022-02-20", takeup, 0.50m);

    private static readonly ProRataTakeup[] AngelFallsShort =
    [
        new("Fund A", 400_000, 400_000), new("Angel", 150_000, 100_000), new("Seed Fund", 100_000, 120_000),
    ];

    [Fact]
    public void PartB_6_AHolderThatDoesNotBuyItsProRataShare_ConvertsAllItsPreferred_AtTheRateInEffect_TheOutcomeIsStored()
    {
        // Angel bought 100,000 of its 150,000 offer: all its Series A and Seed convert at the prices in effect after the down round.
        //   Series A: 250,000 × 2.00 / 0.80 = 625,000 common
        //   Seed:     500,000 × 1.00 / 0.98 = 510,204.0816326…
        //   together 1,135,204.0816326… → 1,135,204 common; the fraction 0.0816326… × $0.50 = $0.0408… → $0.04.
        // Fund A (400,000 of 400,000) and Seed Fund (120,000 ≥ 100,000) played and keep their preferred.
        var d = Decide(Company(downRound: true), Financing(AngelFallsShort));
        Assert.True(d.IsOk, d.Refusal?.ToString());
        var stored = Assert.IsType<QualifiedFinancingClosed>(d.Value.Recorded.Single().Event);
        var angel = Assert.Single(stored.Conversions!);
        Assert.Equal(new HolderConversion("Angel", 1_135_204, 0.04m), angel);
        var t = d.Value.State;
        Assert.Equal(1_135_204, t.SharesHeld("Angel", "common"));
        Assert.Equal(0, t.SharesHeld("Angel", "A"));
        Assert.Equal(0, t.SharesHeld("Angel", "Seed"));
        Assert.Equal(1_000_000, t.SharesHeld("Fund A", "A"));
        Assert.Equal(500_000, t.SharesHeld("Seed Fund", "Seed"));
        // 7,500,000 + 1,000,000 (down round) + 1,135,204 = 9,635,204 common outstanding.
        Assert.Equal(9_635_204, t.Outstanding("common"));
        var record = t.AutomaticConversions.Last();
        Assert.Equal("pay-to-play", record.Trigger);
        Assert.Equal("Article Fourth, Part B §5.4", record.Clause);   // the charter's own clause
        Assert.Equal(["Seed", "A"], record.SeriesConverted.Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public void PartB_6_WhenEveryHolderPlays_NoOneConverts()
    {
        var d = Decide(Company(), Financing(new("Fund A", 400_000, 400_000), new("Angel", 150_000, 150_000), new("Seed Fund", 100_000, 100_000)));
        Assert.True(d.IsOk, d.Refusal?.ToString());
        Assert.Empty(((QualifiedFinancingClosed)d.Value.Recorded.Single().Event).Conversions!);
        Assert.Equal(7_500_000, d.Value.State.Outstanding("common"));
    }

    [Fact]
    public void PartB_6_WithoutADownRound_TheRateIsTheOriginalOne()
    {
        // Angel: 250,000 × 2.00 / 2.00 + 500,000 × 1.00 / 1.00 = 750,000 common, no fraction.
        var d = Decide(Company(), Financing(AngelFallsShort));
        Assert.Equal(new HolderConversion("Angel", 750_000, 0m), ((QualifiedFinancingClosed)d.Value.Recorded.Single().Event).Conversions!.Single());
    }

    [Fact]
    public void PartB_6_AHolderOfTheSeriesWithNoOfferRecorded_IsRefused_CitingTheCharter()
    {
        var d = Decide(Company(), Financing(new("Fund A", 400_000, 0), new("Angel", 150_000, 150_000)));
        Assert.False(d.IsOk);
        Assert.Equal("takeup", d.Refusal!.Field);
        Assert.Equal("Seed Fund", d.Refusal.Value);
        Assert.Equal("Article Fourth, Part B §5.4", d.Refusal.Clause!.Value.Citation);
    }

    [Fact]
    public void PartB_6_1_AFinancingWithoutTheBoardsDesignation_IsNotQualified()
    {
        var d = Decide(Company(), Financing(AngelFallsShort) with { Designation = " " });
        Assert.False(d.IsOk);
        Assert.Equal("designation", d.Refusal!.Field);
        Assert.Equal("Article Fourth, Part B §5.4.1", d.Refusal.Clause!.Value.Citation);
    }

    [Fact]
    public void PayToPlay_OnACharterWithoutIt_IsRefused()
    {
        var juniper = new List<LedgerEvent> { new CompanyCreated(D0, "juniper-1999", CharterLoader.EmbeddedText("juniper-1999"), D0) };
        var d = Decide(juniper, Financing(AngelFallsShort));
        Assert.False(d.IsOk);
        Assert.Equal("charter", d.Refusal!.Field);
    }

    [Fact]
    public void PartB_5_1_b_SeriesA_Alone_ConvertsSeriesA_OnAMajorityOfTheSeriesA()
    {
        // More than 1/2 of the 1,250,000 Series A: 625,000 is exactly half (refused); 625,001 is needed.
        var shortVote = Decide(Company(), new SeriesConversionVoted(Closing, "A", 625_000, "Written consent 2022-02-28", 0.50m));
        Assert.False(shortVote.IsOk);
        Assert.Contains("625,001 needed", shortVote.Refusal!.Reason);
        Assert.Equal("Article Fourth, Part B §5.1(b)", shortVote.Refusal.Clause!.Value.Citation);

        // Fund A's 1,000,000 in favour: every Series A converts at 2.00 / 0.80 = 2.5 common a share (after the ratchet):
        //   Fund A 1,000,000 × 2.5 = 2,500,000; Angel 250,000 × 2.5 = 625,000. The Seed does not convert.
        var d = Decide(Company(downRound: true), new SeriesConversionVoted(Closing, "A", 1_000_000, "Written consent 2022-02-28", 0.50m));
        Assert.True(d.IsOk, d.Refusal?.ToString());
        var stored = (SeriesConversionVoted)d.Value.Recorded.Single().Event;
        Assert.Equal([new HolderConversion("Fund A", 2_500_000, 0m), new HolderConversion("Angel", 625_000, 0m)], stored.Conversions!);
        var t = d.Value.State;
        Assert.Equal(0, t.Outstanding("A"));
        Assert.Equal(1_000_000, t.Outstanding("Seed"));
        Assert.Equal(500_000, t.SharesHeld("Angel", "Seed"));
        Assert.Equal("Article Fourth, Part B §5.1(b)", t.AutomaticConversions.Last().Clause);
    }

    [Fact]
    public void ASeriesWithNoVoteOfItsOwn_CannotConvertItselfAlone()
    {
        var d = Decide(Company(), new SeriesConversionVoted(Closing, "Seed", 1_000_000, "Written consent", 0.50m));
        Assert.False(d.IsOk);
        Assert.Equal("series", d.Refusal!.Field);
    }

    // ---- the Series A class vote (§3.4) ----------------------------------------------------------------------

    private static VoteCount Votes(List<LedgerEvent> events) => Charta.Core.Voting.Votes.Count(Fold.Replay(Recorded(events)));

    [Fact]
    public void PartB_3_4_AnAdverseAmendment_NeedsThePreferredTogether_AndTheSeriesAAlone()
    {
        // Together (§3.3.2): more than 1/2 of 2,250,000 preferred = 1,125,001. Series A (§3.4): more than 1/2 of 1,250,000 = 625,001.
        var required = Approvals.Required(CharterLoader.LoadEmbedded(Id), Votes(Company()), new ProposedAction(Approvals.AdverseAmendment)).Value
            .Where(r => r.Kind == "charter").ToArray();
        Assert.Equal(2, required.Length);
        Assert.Equal((2_250_000L, 1_125_001L, (string?)null), (required[0].Whole!.Value, required[0].Needed!.Value, required[0].Series));
        Assert.Equal((1_250_000L, 625_001L, "A"), (required[1].Whole!.Value, required[1].Needed!.Value, required[1].Series));
        Assert.Equal("Article Fourth, Part B §3.4", required[1].Clause);
    }

    [Fact]
    public void PartB_3_4_TheSeriesVote_IsCountedOnTheSeriesSharesAlone()
    {
        var votes = Votes(Company());
        var charter = CharterLoader.LoadEmbedded(Id);
        // Angel (250,000 A + 500,000 Seed) and Seed Fund (500,000 Seed): together 1,250,000 ≥ 1,125,001, met;
        // Series A 250,000 < 625,001: 375,001 short.
        var refused = Approvals.Check(charter, votes, new ProposedAction(Approvals.AdverseAmendment), [new Consent("Angel"), new Consent("Seed Fund")]);
        Assert.NotNull(refused);
        Assert.Equal("Article Fourth, Part B §3.4", refused!.Clause!.Value.Citation);
        Assert.Contains("625,001", refused.Reason);
        Assert.Contains("375,001 short", refused.Reason);
        Assert.Contains("shares of Series A Preferred Stock", refused.Reason);
        // Fund A (1,000,000 A) and Seed Fund: together 1,500,000 ≥ 1,125,001 and Series A 1,000,000 ≥ 625,001.
        Assert.Null(Approvals.Check(charter, votes, new ProposedAction(Approvals.AdverseAmendment), [new Consent("Fund A"), new Consent("Seed Fund")]));
        // A consent stated in preferred shares counts up to the holder's Series A: Angel for 600,000 counts 250,000 of A.
        var outcomes = Approvals.Evaluate(Approvals.Required(charter, votes, new ProposedAction(Approvals.AdverseAmendment)).Value, votes,
            [new Consent("Angel", Shares: 600_000)]).Value.Where(o => o.Approval.Kind == "charter").ToArray();
        Assert.Equal(600_000, outcomes[0].Consenting);
        Assert.Equal(250_000, outcomes[1].Consenting);
    }

    [Fact]
    public void PartB_3_4_AtWriteTime_AnAmendmentReducingTheCommon_NeedsTheSeriesAConsent()
    {
        // Fewer authorized common is read as adverse (Governance.ConsentsFor): the together and the Series A consents are both checked.
        AuthorizedSharesAmended Amend(params string[] holders) =>
            new(Closing, 29_000_000, null, null, "Stockholders 2022-02-28; filed 2022-03-01", new ConsentRecord("Written consent 2022-02-28", holders.Select(h => new Consent(h)).ToList()));
        var refused = Decide(Company(), Amend("Angel", "Seed Fund"));
        Assert.False(refused.IsOk);
        Assert.Equal("Article Fourth, Part B §3.4", refused.Refusal!.Clause!.Value.Citation);
        Assert.True(Decide(Company(), Amend("Fund A", "Seed Fund")).IsOk);
    }
}
