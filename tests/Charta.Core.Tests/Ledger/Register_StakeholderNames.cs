using Charta.Core.Ledger;

namespace Charta.Core.Tests.Ledger;

/// <summary>
/// The register's name rules hold inside the fold, whatever path recorded the event (CLI, OCF import, the server):
/// NFC, 1–200 characters, no control or bidirectional-override characters.
/// </summary>
public class Register_StakeholderNames
{
    private static readonly DateOnly Day = new(1996, 2, 6);

    [Theory]
    [InlineData("Alice\nBob", "control character U+000A")]
    [InlineData("Alice\u001b[31m", "control character U+001B")]
    [InlineData("Alice\0", "control character U+0000")]
    [InlineData("evil\u202Etxt.exe", "bidirectional formatting character U+202E")]
    [InlineData("A\u0301lice", "not in Unicode NFC")]           // "Álice" decomposed: A + combining acute accent
    public void AStakeholderNameThatBreaksTheRules_IsRefusedByTheFold(string name, string reason)
    {
        var refusal = TestLedger.Juniper().TryAdd(new StakeholderAdded(Day, name));
        Assert.NotNull(refusal);
        Assert.Equal("name", refusal!.Field);
        Assert.Contains(reason, refusal.Reason);
    }

    [Fact]
    public void ANameOf201Characters_IsRefused_And200AreKept()
    {
        Assert.NotNull(TestLedger.Juniper().TryAdd(new StakeholderAdded(Day, new string('x', 201))));
        Assert.Null(TestLedger.Juniper().TryAdd(new StakeholderAdded(Day, new string('x', 200))));
    }

    [Fact]
    public void TheComposedName_IsOneHolder_WithTheDecomposedOneRefused()
    {
        var ledger = TestLedger.Juniper().Ok(new StakeholderAdded(Day, "\u00C1lice"));   // "Álice" composed (NFC)
        Assert.NotNull(ledger.TryAdd(new StakeholderAdded(Day, "A\u0301lice")));
        Assert.Single(Fold.Replay(ledger.Events).Holders);
    }
}
