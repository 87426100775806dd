using Charta.Core.Charter;
using Charta.Core.Covenants;
using Charta.Core.Ledger;
using Charta.Core.Tests.AntiDilution;

namespace Charta.Core.Tests.Covenants;

/// <summary>
/// FOURTH §8 at write time (issue #11): an action that needs the preferred's consent is refused unless the consent
/// recorded with it meets the threshold, measured by the approvals calculator on the holdings at its date. The company
/// (AntiDilution.Company) has 4,067,000 preferred: A 1,100,000, B 1,070,000, C 397,000, D 500,000, D1 1,000,000.
///   §8(a) more than 1/2: 4,067,000 / 2 = 2,033,500, so 2,033,501 shares are needed.
///   §8(b) at least 2/3: 4,067,000 × 2/3 = 2,711,333.33…, so 2,711,334 shares are needed.
/// </summary>
public class Fourth_8_ConsentAtWriteTime
{
    private static readonly DateOnly Day = new(2000, 5, 2);
    private static readonly CharterDocument Juniper = CharterLoader.Default;

    private static ConsentRecord Consent(params string[] holders) => new("Written consent 2000-05-01", holders.Select(h => new Consent(h)).ToList());

    private static PreferredRepurchased Repurchase(ConsentRecord? consent = null, string? reading = null, string approval = "Board resolution 2000-04-28") =>
        new(Day, "C holders", "C", 97_000, 9.50m, approval, consent, reading);

    [Fact]
    public void Fourth_5_NotRedeemable_ANegotiatedRepurchase_WithoutConsent_IsRefused_NamingTheThresholdAndTheShares()
    {
        var r = Company.Juniper().Add(Repurchase()).TryTable();
        Assert.False(r.IsOk);
        Assert.Equal("consent", r.Refusal!.Field);
        Assert.Equal("FOURTH §8(a)(i)", r.Refusal.Clause!.Value.Citation);
        Assert.Contains("more than 1/2 of the 4,067,000 preferred shares outstanding (2,033,501); 0 consent", r.Refusal.Reason);
    }

    [Fact]
    public void Fourth_8a_AConsentShortOfAMajority_IsRefused_WithTheSharesConsentingAndTheShortfall()
    {
        // A holders alone: 1,100,000; 2,033,501 − 1,100,000 = 933,501 short.
        var r = Company.Juniper().Add(Repurchase(Consent("A holders"))).TryTable();
        Assert.False(r.IsOk);
        Assert.Contains("1,100,000 consent (A holders), 933,501 short", r.Refusal!.Reason);
    }

    [Fact]
    public void Fourth_8a_AMajorityConsent_AllowsTheRepurchase_TheSharesLeaveTheHolder()
    {
        // A and B: 1,100,000 + 1,070,000 = 2,170,000 ≥ 2,033,501. C holders keep 397,000 − 97,000 = 300,000; the preferred 3,970,000.
        var t = Company.Juniper().Add(Repurchase(Consent("A holders", "B holders"))).Table();
        Assert.Equal(300_000, t.SharesHeld("C holders", "C"));
        Assert.Equal(3_970_000, t.Charter.Series.Sum(s => t.Outstanding(s.Id)));
    }

    [Fact]
    public void Fourth_5_TheApprovalOnlyReading_NeedsNoConsent_ButAlwaysTheBoardsApproval()
    {
        Assert.True(Company.Juniper().Add(Repurchase(reading: PreferredRepurchased.ApprovalOnlyReading)).TryTable().IsOk);
        var none = Company.Juniper().Add(Repurchase(Consent("A holders", "B holders"), approval: " ")).TryTable();
        Assert.False(none.IsOk);
        Assert.Equal("approval", none.Refusal!.Field);
    }

    [Fact]
    public void Fourth_8_ACharterWithItsOwnRepurchaseCovenant_IsMeasuredOnIt()
    {
        // A "repurchase-preferred" provision at 2/3: 2,711,334 needed; A and B give 2,170,000, 541,334 short.
        var own = new ProtectiveProvision { Id = "repurchase-preferred", Matter = "Repurchase preferred", Base = ApprovalBase.PreferredShares, Fraction = "2/3", Comparison = "at-least", Clause = "FOURTH §8(c)" };
        var charter = Juniper with { ProtectiveProvisions = [.. Juniper.ProtectiveProvisions, own] };
        var votes = Charta.Core.Voting.Votes.Count(Company.Juniper().Table());
        var refused = Approvals.Check(charter, votes, new ProposedAction(Approvals.RepurchasePreferred), Consent("A holders", "B holders").Holders);
        Assert.NotNull(refused);
        Assert.Equal("FOURTH §8(c)", refused!.Clause!.Value.Citation);
        Assert.Contains("at least 2/3 of the 4,067,000 preferred shares outstanding (2,711,334); 2,170,000 consent (A holders, B holders), 541,334 short", refused.Reason);
    }

    [Fact]
    public void Fourth_AuthorizedCommonIncreased_NeedsNoPreferredConsent()
    {
        // 71,000,000 + 10,000,000 common; the total moves with it: 85,039,059 + 10,000,000 = 95,039,059.
        var t = Company.Juniper().Add(new AuthorizedSharesAmended(Day, 81_000_000, null, null, "Stockholders 2000-05-01; filed 2000-05-02")).Table();
        Assert.Equal(81_000_000, t.Charter.Authorized.Common.Value);
        Assert.Equal(95_039_059, t.Charter.Authorized.Total.Value);
        Assert.Equal(14_039_059, t.Charter.Authorized.Preferred.Value);
    }

    [Fact]
    public void Fourth_8b_AuthorizedPreferredIncreased_AuthorizesParityShares_AndNeedsTwoThirds()
    {
        var more = new AuthorizedSharesAmended(Day, null, 15_039_059, null, "Stockholders 2000-05-01");
        var refused = Company.Juniper().Add(more).TryTable();
        Assert.False(refused.IsOk);
        Assert.Equal("FOURTH §8(b)(i)", refused.Refusal!.Clause!.Value.Citation);
        Assert.Contains("at least 2/3 of the 4,067,000 preferred shares outstanding (2,711,334)", refused.Refusal.Reason);

        // A, B and D1: 1,100,000 + 1,070,000 + 1,000,000 = 3,170,000 ≥ 2,711,334. Total 85,039,059 + 1,000,000 = 86,039,059.
        var t = Company.Juniper().Add(more with { Consent = Consent("A holders", "B holders", "D1 holders") }).Table();
        Assert.Equal(15_039_059, t.Charter.Authorized.Preferred.Value);
        Assert.Equal(86_039_059, t.Charter.Authorized.Total.Value);
    }

    [Fact]
    public void Fourth_8a_AuthorizedCommonDecreased_IsReadAsAdverse_AndStillMustCoverTheReservation()
    {
        // Common needed: 2,707,000 outstanding + 7,293,000 for the preferred as converted = 10,000,000 (§6(i)).
        var adverse = Company.Juniper().Add(new AuthorizedSharesAmended(Day, 10_000_000, null, null, "Stockholders")).TryTable();
        Assert.False(adverse.IsOk);
        Assert.Equal("FOURTH §8(a)(i)", adverse.Refusal!.Clause!.Value.Citation);

        var majority = Consent("A holders", "B holders");
        Assert.True(Company.Juniper().Add(new AuthorizedSharesAmended(Day, 10_000_000, null, null, "Stockholders", majority)).TryTable().IsOk);
        var short1 = Company.Juniper().Add(new AuthorizedSharesAmended(Day, 9_999_999, null, null, "Stockholders", majority)).TryTable();
        Assert.False(short1.IsOk);
        Assert.Equal("common", short1.Refusal!.Field);
        Assert.Equal("9,999,999", short1.Refusal.Value);
        Assert.Contains("1 shares short", short1.Refusal.Reason);
        Assert.Equal("FOURTH §6(i)", short1.Refusal.Clause!.Value.Citation);
    }

    [Fact]
    public void AConsentNamingSomeoneWithoutShares_IsRefused()
    {
        var r = Company.Juniper().Add(Repurchase(Consent("A holders", "Newco"))).TryTable();
        Assert.False(r.IsOk);
        Assert.Equal("consent", r.Refusal!.Field);
        Assert.Equal("Newco", r.Refusal.Value);
    }
}
