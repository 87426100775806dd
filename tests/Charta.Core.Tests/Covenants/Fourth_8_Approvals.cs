using Charta.Core.Charter;
using Charta.Core.Covenants;
using Charta.Core.Money;
using Charta.Core.Tests.Governance;
using Charta.Core.Voting;

namespace Charta.Core.Tests.Covenants;

/// <summary>
/// FOURTH §8, §6(a)(ii)(b), §4(d)(ii)(A)(3) and §4(d)(iv) on one known cap table:
/// Ace 440 A (440 / 0.44 = 1,000 votes), Dee 400 D (400 votes), Don 60 D1 (60 votes), Cal 1,000 common.
/// Preferred shares 440 + 400 + 60 = 900; preferred voting power 1,000 + 400 + 60 = 1,460; all votes 2,460.
/// </summary>
public class Fourth_8_Approvals
{
    private static readonly DateOnly Record = new(1999, 6, 1);
    private static readonly CharterDocument Charter = CharterLoader.Default;

    private static VoteCount Known() => Votes.Count(new GovernanceLedger()
        .Issue("Ace", "A", 440).Issue("Dee", "D", 400).Issue("Don", "D1", 60).Issue("Cal", "common", 1_000).Table(Record));

    private static RequiredApproval CharterApproval(string action, Fraction? retained = null) =>
        Approvals.Required(Charter, Known(), new ProposedAction(action, retained)).Value.Single(a => a.Kind == "charter");

    [Theory]
    // more than 1/2 of 900 shares: 450 is not more than half, 451 is
    [InlineData("adverse-amendment", "FOURTH §8(a)(i)", "preferred-shares", "1/2", 900, 451)]
    [InlineData("merger", "FOURTH §8(a)(ii)", "preferred-shares", "1/2", 900, 451)]
    // at least 2/3 of 900 = 600 exactly
    [InlineData("issue-senior-security", "FOURTH §8(b)(i)", "preferred-shares", "2/3", 900, 600)]
    [InlineData("force-conversion", "FOURTH §6(a)(ii)(b)", "preferred-shares", "2/3", 900, 600)]
    // more than 1/2 of 1,460 votes: 730 is half, 731
    [InlineData("shorten-notice", "FOURTH §4(d)(iv)", "preferred-voting-power", "1/2", 1_460, 731)]
    [InlineData("fair-market-value", "FOURTH §4(d)(ii)(A)(3)", "preferred-voting-power", "1/2", 1_460, 731)]
    [InlineData("restricted-discount", "FOURTH §4(d)(ii)(B)", "preferred-voting-power", "1/2", 1_460, 731)]
    // more than 1/2 of 2,460 votes: 1,230 is half, 1,231
    [InlineData("general", "FOURTH §7(a)", "all-votes", "1/2", 2_460, 1_231)]
    public void EachActionsThreshold_OnAKnownCapTable(string action, string clause, string @base, string fraction, long whole, long needed)
    {
        var a = CharterApproval(action);
        Assert.Equal(clause, a.Clause);
        Assert.Equal(@base, a.Base);
        Assert.Equal(fraction, a.Fraction);
        Assert.Equal(whole, a.Whole);
        Assert.Equal(needed, a.Needed);
    }

    [Fact]
    public void AnAdverseAmendment_AlsoListsTheStockholderVoteTheLawAdds()
    {
        var all = Approvals.Required(Charter, Known(), new ProposedAction("adverse-amendment")).Value;
        var law = Assert.Single(all, a => a.Kind == "also-required-by-law");
        Assert.Equal("DGCL §242(b)", law.Clause);
        Assert.Null(law.Needed);
    }

    [Fact]
    public void AMergerWhereTheHoldersKeepMoreThanHalf_NeedsNoPreferredConsent()
    {
        Assert.False(CharterApproval("merger", new Fraction(3, 5)).Applies);   // 3/5 > 1/2
        Assert.True(CharterApproval("merger", new Fraction(1, 2)).Applies);    // exactly half is not "more than 50%"
        Assert.True(CharterApproval("merger").Applies);
    }

    [Fact]
    public void ConsentExactlyAtTwoThirds_IsMet_AndOneShareBelow_IsNot()
    {
        // 2/3 of 900 = 600: Ace 440 + 160 of Dee's = 600 → met, 0 over; Ace 440 + 159 = 599 → short by 1.
        var v = Known();
        var req = Approvals.Required(Charter, v, new ProposedAction("issue-senior-security")).Value;
        var at = Approvals.Evaluate(req, v, [new Consent("Ace"), new Consent("Dee", Shares: 160)]).Value.Single(o => o.Approval.Kind == "charter");
        Assert.Equal(600, at.Consenting);
        Assert.True(at.Met);
        Assert.Equal(0, at.Margin);

        var below = Approvals.Evaluate(req, v, [new Consent("Ace"), new Consent("Dee", Shares: 159)]).Value.Single(o => o.Approval.Kind == "charter");
        Assert.Equal(599, below.Consenting);
        Assert.False(below.Met);
        Assert.Equal(-1, below.Margin);
    }

    [Fact]
    public void SharesAndVotingPower_GiveDifferentAnswers_OnTheSameConsents()
    {
        // Ace alone: 440 of 900 preferred shares (needs 451: 11 short) but 1,000 of 1,460 preferred votes (needs 731: 269 over).
        var v = Known();
        var consents = new[] { new Consent("Ace") };
        var bySharesBase = Approvals.Evaluate(Approvals.Required(Charter, v, new ProposedAction("adverse-amendment")).Value, v, consents).Value[0];
        var byVotingPower = Approvals.Evaluate(Approvals.Required(Charter, v, new ProposedAction("shorten-notice")).Value, v, consents).Value[0];
        Assert.False(bySharesBase.Met);
        Assert.Equal(-11, bySharesBase.Margin);
        Assert.True(byVotingPower.Met);
        Assert.Equal(269, byVotingPower.Margin);
    }

    [Fact]
    public void AConsentForMoreThanTheHolderHolds_IsRefusedByName()
    {
        var v = Known();
        var req = Approvals.Required(Charter, v, new ProposedAction("issue-senior-security")).Value;
        var r = Approvals.Evaluate(req, v, [new Consent("Dee", Shares: 401)]);
        Assert.False(r.IsOk);
        Assert.Equal("Dee", r.Refusal!.Value);
    }

    [Fact]
    public void ATally_AppliesTheMattersThreshold()
    {
        // general: for = Ace 1,000 + Cal 1,000 = 2,000 of 2,460 votes > 1,230 → carried.
        // adverse-amendment: for = Ace's 440 preferred shares of 900 < 451 → not carried.
        var v = Known();
        Ballot[] ballots = [new("Ace", "for"), new("Dee", "against"), new("Don", "abstain"), new("Cal", "for")];
        var general = Tally.Run(Charter, v, new ProposedAction("general"), ballots).Value;
        Assert.True(general.Carried);
        Assert.Equal(2_000, general.Counts.Single(c => c.Base == "all-votes").For);
        var amendment = Tally.Run(Charter, v, new ProposedAction("adverse-amendment"), ballots).Value;
        Assert.False(amendment.Carried);
        Assert.Equal(440, amendment.Counts.Single(c => c.Base == "preferred-shares").For);
        Assert.Equal(400, amendment.Counts.Single(c => c.Base == "preferred-shares").Against);
        Assert.Equal(60, amendment.Counts.Single(c => c.Base == "preferred-shares").Abstain);
    }
}
