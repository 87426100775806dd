using Charta.Core.Charter;
using Charta.Core.Covenants;
using Charta.Core.Ledger;
using Charta.Core.Liquidation;
using Charta.Core.Tests.Valuation;
using Charta.Core.Voting;

namespace Charta.Core.Tests.Charter;

/// <summary>
/// Session 20 (issue 12, "two or more common classes"): the test-local charter <see cref="TwoCommonClassesCharter"/>,
/// Class A Common 1 vote a share and Class B Common 10 votes a share, the preferred converting into Class A. Every figure
/// below is worked out by hand in its comment. The company: Founder 1,000,000 Class B; Angel 500,000 Class A; Seed Fund
/// 1,000,000 Seed (OIP = CP = $1.00); A Fund 1,500,000 Series A (OIP = CP = $2.00); Employee an option on 200,000 Class A
/// at $0.50.
/// </summary>
public sealed class ArticleIV_TwoClassesOfCommon
{
    private static readonly DateOnly Day = TwoCommonClassesCharter.Day;

    [Fact]
    public void PartA_1_EachClassOfCommon_HasItsOwnAuthorizedNumber()
    {
        // Class B: 2,000,000 authorized, 1,000,000 outstanding: 1,000,000 more fit, 1,000,001 do not (Class A has room,
        // but a class's number is its own).
        var l = TwoCommonClassesCharter.Company();
        var refused = l.TryAdd(new SharesIssued(Day, "Founder", "class-b", 1_000_001, 0.001m));
        Assert.NotNull(refused);
        Assert.Equal("shares", refused!.Field);
        Assert.Contains("Class B Common Stock outstanding to 2,000,001, over the 2,000,000 authorized by 1", refused.Reason);
        Assert.Equal("Article IV, Part A §1", refused.Clause!.Value.Citation);
        l.Ok(new SharesIssued(Day, "Founder", "class-b", 1_000_000, 0.001m));
        Assert.Equal(2_000_000, l.Table().Outstanding("class-b"));
    }

    [Fact]
    public void PartB_4_3_1_Reservation_IsOfTheClassThePreferredConvertsInto()
    {
        // Class A must keep unissued: Seed 1,000,000 × $1.00 / $1.00 + A 1,500,000 × $2.00 / $2.00 = 2,500,000 for
        // conversion, + 200,000 under the option = 2,700,000. Unissued now: 10,000,000 − 500,000 = 9,500,000, so
        // 9,500,000 − 2,700,000 = 6,800,000 more Class A may be issued, and not one more.
        var l = TwoCommonClassesCharter.Company();
        var refused = l.TryAdd(new SharesIssued(Day, "Angel", "class-a", 6_800_001, 0.10m));
        Assert.NotNull(refused);
        Assert.Contains("2,699,999 authorized but unissued shares of Class A Common Stock against 2,700,000 needed for conversion of all preferred", refused!.Reason);
        Assert.Equal("Article IV, Part B §4.3.1", refused.Clause!.Value.Citation);
        l.Ok(new SharesIssued(Day, "Angel", "class-a", 6_800_000, 0.10m));

        // Class B reserves for nothing (no series converts into it, no instrument is over it): its whole room is free.
        var b = TwoCommonClassesCharter.Company();
        b.Ok(new SharesIssued(Day, "Founder", "class-b", 1_000_000, 0.001m));
    }

    [Fact]
    public void PartA_2_ClassB_CarriesTenVotesAShare()
    {
        // Founder 1,000,000 Class B × 10 = 10,000,000; Angel 500,000 Class A × 1 = 500,000; the preferred as converted
        // (one vote per common share it converts into, whatever that class's votes): Seed Fund 1,000,000, A Fund 1,500,000.
        // Common 10,500,000 + preferred 2,500,000 = 13,000,000.
        var v = Votes.Count(TwoCommonClassesCharter.Company().Table(Day));
        Assert.Equal(10_000_000, v.Find("Founder")!.Total);
        Assert.Equal(500_000, v.Find("Angel")!.Total);
        Assert.Equal(1_000_000, v.Find("Seed Fund")!.Total);
        Assert.Equal(1_500_000, v.Find("A Fund")!.Total);
        Assert.Equal(10_500_000, v.CommonVotes);
        Assert.Equal(2_500_000, v.PreferredVotes);
        Assert.Equal(13_000_000, v.TotalVotes);
        Assert.Equal([new CommonClassVotes("class-a", "Class A Common Stock", 500_000, 1, 500_000, "Article IV, Part A §2(a)"),
            new CommonClassVotes("class-b", "Class B Common Stock", 1_000_000, 10, 10_000_000, "Article IV, Part A §2(b)")], v.CommonClasses);
        Assert.Equal([new SeriesHolding("class-b", 1_000_000)], v.Find("Founder")!.CommonByClass);
    }

    [Fact]
    public void PartA_2_AllVotesTogether_TheClassBHolderCarriesAGeneralMatterAlone()
    {
        // More than 1/2 of 13,000,000 votes: 6,500,001. Founder's 10,000,000 carry it; every other holder together
        // (500,000 + 1,000,000 + 1,500,000 = 3,000,000) cannot.
        var v = Votes.Count(TwoCommonClassesCharter.Company().Table(Day));
        var required = Approvals.Required(TwoCommonClassesCharter.Charter, v, new ProposedAction(Approvals.General)).Ok();
        Assert.Equal(13_000_000, required[0].Whole);
        Assert.Equal(6_500_001, required[0].Needed);
        var founder = Tally.Run(TwoCommonClassesCharter.Charter, v, new ProposedAction(Approvals.General), [new Ballot("Founder", Ballot.For)]).Ok();
        Assert.True(founder.Carried);
        var others = Tally.Run(TwoCommonClassesCharter.Charter, v, new ProposedAction(Approvals.General),
            [new Ballot("Angel", Ballot.For), new Ballot("Seed Fund", Ballot.For), new Ballot("A Fund", Ballot.For), new Ballot("Founder", Ballot.Against)]).Ok();
        Assert.False(others.Carried);
    }

    [Fact]
    public void PartB_3_4_Merger_NeedsEachSeriesVotingSeparately()
    {
        // votingTogether false: more than 1/2 of each series' own shares. Seed: 1,000,000 → 500,001; A: 1,500,000 →
        // 750,001. A Fund alone (1,500,000 A) meets A's vote and not Seed's (0 of 500,001): refused. Voting together
        // it would be more than 1/2 of 2,500,000 = 1,250,001, which A Fund's 1,500,000 alone meets.
        var charter = TwoCommonClassesCharter.Charter;
        var v = Votes.Count(TwoCommonClassesCharter.Company().Table(Day));
        var required = Approvals.Required(charter, v, new ProposedAction(Approvals.Merger)).Ok().Where(r => r.Kind == "charter").ToArray();
        Assert.Equal([("Seed", 1_000_000L, 500_001L), ("A", 1_500_000L, 750_001L)], required.Select(r => (r.Series!, r.Whole!.Value, r.Needed!.Value)));
        Assert.All(required, r => Assert.Equal("Article IV, Part B §3.4", r.Clause));

        var refused = Approvals.Check(charter, v, new ProposedAction(Approvals.Merger), [new Consent("A Fund")]);
        Assert.NotNull(refused);
        Assert.Contains("of the 1,000,000 shares of Series Seed Preferred Stock outstanding (500,001)", refused!.Reason);
        Assert.Null(Approvals.Check(charter, v, new ProposedAction(Approvals.Merger), [new Consent("A Fund"), new Consent("Seed Fund")]));

        var together = CharterLoader.Load(TwoCommonClassesCharter.With("/protectiveProvisions/1/votingTogether", "true"), "c").Ok();
        var one = Approvals.Required(together, v, new ProposedAction(Approvals.Merger)).Ok().Single(r => r.Kind == "charter");
        Assert.Equal((2_500_000L, 1_250_001L), (one.Whole!.Value, one.Needed!.Value));
        Assert.Null(Approvals.Check(together, v, new ProposedAction(Approvals.Merger), [new Consent("A Fund")]));
    }

    [Fact]
    public void PartB_4_1_ThePreferredConvertsIntoClassA()
    {
        // 1,000,000 Seed × $1.00 / $1.00 = 1,000,000 Class A; Class B untouched. Seed Fund's 1,000,000 votes stay
        // 1,000,000 (now as Class A at 1 vote a share).
        var l = TwoCommonClassesCharter.Company();
        l.Ok(new PreferredConverted(Day.AddDays(1), "Seed Fund", [new ConvertedLot("Seed", 1_000_000)]));
        var t = l.Table();
        Assert.Equal(1_000_000, t.SharesHeld("Seed Fund", "class-a"));
        Assert.Equal(1_500_000, t.Outstanding("class-a"));
        Assert.Equal(1_000_000, t.Outstanding("class-b"));
        Assert.Equal(0, t.Outstanding("Seed"));
        Assert.Equal(1_000_000, Votes.Count(l.Table(Day.AddDays(1))).Find("Seed Fund")!.CommonVotes);
    }

    [Fact]
    public void PartB_4_1_ACharterConvertingIntoClassB_DeliversClassB_AndReservesClassB()
    {
        // Both series convert into Class B; Class B authorized 5,000,000 and Class A 7,000,000 (12,000,000 together).
        // Class B keeps for conversion 1,000,000 + 1,500,000 = 2,500,000: after Founder's 1,000,000 it has 4,000,000
        // unissued, so 1,500,000 more Class B fit and 1,500,001 do not; Class A keeps only the option's 200,000.
        var text = TwoCommonClassesCharter.Json;
        foreach (var (p, v) in new[] { ("/series/0/convertsInto/class", "\"class-b\""), ("/series/1/convertsInto/class", "\"class-b\""),
                     ("/additionalCommonClasses/0/authorized/value", "5000000"), ("/common/authorized/value", "7000000") })
            text = TwoCommonClassesCharter.With(p, v, text);
        var l = TwoCommonClassesCharter.Company(text);
        Assert.Equal("class-b", l.Table().Charter.ConversionCommonId);
        Assert.NotNull(l.TryAdd(new SharesIssued(Day, "Founder", "class-b", 1_500_001, 0.001m)));
        Assert.Null(TwoCommonClassesCharter.Company(text).TryAdd(new SharesIssued(Day, "Angel", "class-a", 6_300_000, 0.10m))); // 7,000,000 − 500,000 − 200,000

        // Seed Fund converts: 1,000,000 Class B, and with them 10 votes a share (10,000,000), where its preferred had
        // 1,000,000 votes as converted (one per common share it converts into).
        Assert.Equal(1_000_000, Votes.Count(l.Table(Day)).Find("Seed Fund")!.Total);
        l.Ok(new PreferredConverted(Day.AddDays(1), "Seed Fund", [new ConvertedLot("Seed", 1_000_000)]));
        Assert.Equal(1_000_000, l.Table().SharesHeld("Seed Fund", "class-b"));
        Assert.Equal(10_000_000, Votes.Count(l.Table(Day.AddDays(1))).Find("Seed Fund")!.Total);
    }

    [Fact]
    public void PartA_1_ChangingOneClassesAuthorizedNumber_MovesTheCommonAuthorizedAlike()
    {
        // Class B 2,000,000 → 3,000,000: authorized common 12,000,000 → 13,000,000; Class A unchanged. Below the
        // 1,000,000 Class B outstanding it is refused.
        var l = TwoCommonClassesCharter.Company();
        Assert.NotNull(l.TryAdd(new AuthorizedSharesChanged(Day, "class-b", 999_999)));
        l.Ok(new AuthorizedSharesChanged(Day, "class-b", 3_000_000));
        var c = l.Table().Charter;
        Assert.Equal(3_000_000, c.FindCommon("class-b")!.Authorized!.Value);
        Assert.Equal(13_000_000, c.Authorized.Common.Value);
        Assert.Equal(10_000_000, c.Common.Authorized!.Value);
        l.Ok(new SharesIssued(Day, "Founder", "class-b", 2_000_000, 0.001m));
    }

    [Fact]
    public void PartB_2_2_TheClassesOfCommon_ShareTheResidualPariPassu()
    {
        // Exit $5,175,000: the preferences (Seed $1,000,000, A $3,000,000) leave $1,175,000 for 1,500,000 common + the
        // option's 200,000: p = (1,175,000 + 200,000 × 0.50) / 1,700,000 = $0.75 (below both conversion prices: no series
        // converts). Class A 500,000 × 0.75 = $375,000; Class B 1,000,000 × 0.75 = $750,000: a Class B share is paid as a
        // Class A share, ten votes or one; the option 200,000 × 0.25 = $50,000.
        var m = LiquidationModel.From(TwoCommonClassesCharter.Company().Table(Day));
        Assert.Equal(1_500_000, m.CommonShares);
        var w = Waterfall.Solve(m, 5_175_000m).Ok();
        Assert.Equal(0.75m, w.CommonPricePerShare);
        Assert.Equal([("class-a", "common", 375_000m), ("class-b", "common", 750_000m), ("Seed", "preference", 1_000_000m), ("A", "preference", 3_000_000m)],
            w.Classes.Select(c => (c.Id, c.Decision, c.Total)));
        Assert.Equal(750_000m, w.Holders.Single(h => h.Holder == "Founder").Total);

        // Exit $10,400,000: everything converts: p = (10,400,000 + 100,000) / (1,500,000 + 1,000,000 + 1,500,000 + 200,000)
        // = 10,500,000 / 4,200,000 = $2.50 (above $1.00 and $2.00). Class A $1,250,000, Class B $2,500,000, Seed
        // $2,500,000, A $3,750,000, the option 200,000 × 2.00 = $400,000: $10,400,000.
        var high = Waterfall.Solve(m, 10_400_000m).Ok();
        Assert.Equal(2.5m, high.CommonPricePerShare);
        Assert.Equal([1_250_000m, 2_500_000m, 2_500_000m, 3_750_000m], high.Classes.Select(c => c.Total));
        Assert.Equal(10_400_000m, high.Classes.Sum(c => c.Total) + high.Options.Sum(o => o.Total));
    }

    [Fact]
    public void PartB_1_ADividendBeyondThePreference_IsPaidAlikeOnEveryClassOfCommon()
    {
        // $340,000: the preferential rates first (Seed 1,000,000 × $0.06 = $60,000; A 1,500,000 × $0.12 = $180,000),
        // then $100,000 over 4,000,000 shares as converted (1,500,000 common of both classes + 2,500,000 preferred) =
        // $0.025 a share: Founder (Class B) 1,000,000 × 0.025 = $25,000, Angel (Class A) 500,000 × 0.025 = $12,500 —
        // the same per share whatever the class's votes; Seed Fund 60,000 + 25,000 = $85,000; A Fund 180,000 + 37,500 =
        // $217,500. Total $340,000.
        var plan = Charta.Core.Dividends.DividendAllocation.Allocate(TwoCommonClassesCharter.Company().Table(Day), 340_000m, Day).Ok();
        Assert.Equal([("Founder", 25_000m), ("Angel", 12_500m), ("Seed Fund", 85_000m), ("A Fund", 217_500m)],
            plan.Holders.Where(h => h.Total != 0).Select(h => (h.Name, h.Total)));
    }

    [Fact]
    public void CapTable_CountsEveryClassOfCommon()
    {
        // As converted: Class A 500,000 + Class B 1,000,000 + Seed 1,000,000 + A 1,500,000 = 4,000,000; fully diluted
        // + the option's 200,000 = 4,200,000.
        var t = TwoCommonClassesCharter.Company().Table(Day);
        Assert.Equal(1_500_000, t.CommonOutstanding());
        Assert.Equal(4_000_000, t.AsConvertedTotal());
        Assert.Equal(4_200_000, t.FullyDilutedTotal());
        Assert.Equal(["class-a", "class-b", "Seed", "A"], t.Charter.ClassIds);
    }

    [Fact]
    public void PartB_4_5_ASplitSubdividesEveryClassOfCommon()
    {
        // 2:1: Class A 500,000 → 1,000,000, Class B 1,000,000 → 2,000,000 (exactly its authorized number), the option
        // 400,000 at $0.25, the conversion prices halved ($0.50, $1.00). Founder's votes: 2,000,000 × 10 = 20,000,000.
        var l = TwoCommonClassesCharter.Company();
        l.Ok(new StockSplit(Day.AddDays(1), 2, 1));
        var t = l.Table(Day.AddDays(1));
        Assert.Equal(1_000_000, t.Outstanding("class-a"));
        Assert.Equal(2_000_000, t.Outstanding("class-b"));
        Assert.Equal(400_000, t.FindInstrument("G-1")!.Outstanding);
        Assert.Equal(0.5m, t.ConversionPrice("Seed"));
        Assert.Equal(20_000_000, Votes.Count(t).Find("Founder")!.Total);
        // A further 2:1 would bring Class B to 4,000,000, over its 2,000,000: refused.
        Assert.NotNull(l.TryAdd(new StockSplit(Day.AddDays(2), 2, 1)));
    }

    public static TheoryData<string, string, string> Refused() => new()
    {
        // pointer, JSON value, the field the refusal names
        { "/additionalCommonClasses/0/authorized/value", "2000001", "/authorized/common/value" },
        { "/common/authorized", "REMOVE", "/common/authorized" },
        { "/common/votesPerShare", "REMOVE", "/common/votesPerShare" },
        { "/series/1/convertsInto", "REMOVE", "/series/1/convertsInto" },
        { "/series/1/convertsInto/class", "\"class-b\"", "/series/1/convertsInto/class" },
        { "/series/0/convertsInto/class", "\"class-c\"", "/series/0/convertsInto/class" },
        { "/voting/commonVotesPerShare", "1", "/voting/commonVotesPerShare" },
        { "/protectiveProvisions/1/base", "\"all-votes\"", "/protectiveProvisions/1/base" },
        { "/additionalCommonClasses/0/id", "\"Seed\"", "/series/0/id" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void TheLoader_RefusesATwoClassCharterItCannotHonour_NamingTheField(string pointer, string json, string field)
    {
        var r = CharterLoader.Load(TwoCommonClassesCharter.With(pointer, json), "c");
        Assert.False(r.IsOk, $"{pointer} = {json} was accepted");
        Assert.Equal("c" + field, r.Refusal!.Field);
    }

    [Fact]
    public void TheTwoClassCharter_RoundTripsThroughItsJson()
    {
        // The model written back (an amendment, a snapshot's charter) is the same charter: the classes, their numbers
        // and votes, convertsInto, votingTogether; voting.commonVotesPerShare stays absent.
        var once = CharterLoader.ToJson(TwoCommonClassesCharter.Charter);
        var back = CharterLoader.Load(once, "again").Ok();
        Assert.Equal(once, CharterLoader.ToJson(back));
        Assert.DoesNotContain("commonVotesPerShare", once);
        Assert.Equal(10, back.VotesPerShareOf("class-b"));
        Assert.Equal("class-a", back.ConversionCommonId);
        Assert.False(back.ProtectiveProvisions[1].VotingTogether);
    }

    [Fact]
    public void AOneClassCharter_StillLoadsAsBefore_AndConvertsIntoItsCommon()
    {
        foreach (var id in CharterLoader.EmbeddedIds)
        {
            var c = CharterLoader.LoadEmbedded(id);
            Assert.False(c.HasSeveralCommonClasses);
            Assert.Equal(c.Common.Id, c.ConversionCommonId);
            Assert.Equal([c.Common.Id], c.CommonClasses.Select(k => k.Id));
        }
    }
}
