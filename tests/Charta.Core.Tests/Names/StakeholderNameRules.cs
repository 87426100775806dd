using Charta.Core.Names;

namespace Charta.Core.Tests.Names;

/// <summary>Stakeholder names: NFC, 1–200 characters, no control or bidi-override characters, no outer spaces.</summary>
public class StakeholderNameRules
{
    [Fact]
    public void ComposedAndDecomposed_AreOneName()
    {
        var composed = StakeholderName.Parse("name", "\u00c1lice").Value;
        var decomposed = StakeholderName.Parse("name", "A\u0301lice").Value;
        Assert.Equal(composed, decomposed);
        Assert.Equal("\u00c1lice", decomposed.Value);
    }

    [Theory]
    // Canonical ordering and composition: ệ written as e + U+0323 + U+0302 and as e + U+0302 + U+0323.
    [InlineData("e\u0323\u0302", "\u1ec7")]
    [InlineData("e\u0302\u0323", "\u1ec7")]
    // Hangul jamo compose algorithmically: ᄒ + ᅡ + ᆫ = 한.
    [InlineData("\u1112\u1161\u11ab", "\ud55c")]
    // A singleton decomposition: the Ångström sign becomes Å.
    [InlineData("\u212b", "\u00c5")]
    // Already NFC, and ASCII, stay as they are.
    [InlineData("Zoë Ltd", "Zoë Ltd")]
    [InlineData("Plain", "Plain")]
    public void Nfc_MatchesTheUnicodeAlgorithm(string input, string nfc) => Assert.Equal(nfc, Nfc.Normalize(input));

    [Theory]
    [InlineData("Al\nice", "U+000A")]
    [InlineData("Alice\0", "U+0000")]
    [InlineData("\u001b[31mAlice\u001b[0m", "U+001B")]
    [InlineData("Alice\u202eecilA", "U+202E")]
    [InlineData("\u2066Alice\u2069", "U+2066")]
    [InlineData("Al\tice", "U+0009")]
    public void ControlAndBidiCharacters_AreRefusedNamingTheCharacter(string name, string named)
    {
        var r = StakeholderName.Parse("--holder", name);
        Assert.False(r.IsOk);
        Assert.Contains(named, r.Refusal!.Reason);
        Assert.DoesNotContain('\n', r.Refusal.ToString());
        Assert.DoesNotContain('\u001b', r.Refusal.ToString());
    }

    [Fact]
    public void TwoHundredCharacters_AreAName_TwoHundredAndOneAreNot()
    {
        Assert.True(StakeholderName.Parse("n", new string('x', 200)).IsOk);
        var r = StakeholderName.Parse("n", new string('x', 201));
        Assert.False(r.IsOk);
        Assert.Contains("is 201 characters; a name has at most 200", r.Refusal!.Reason);
    }

    [Fact]
    public void AHundredThousandCharacters_AreRefusedAndNotEchoed()
    {
        var r = StakeholderName.Parse("n", new string('x', 100_000));
        Assert.False(r.IsOk);
        Assert.Contains("100,000 characters", r.Refusal!.ToString());
        Assert.True(r.Refusal.ToString().Length < 300);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" Alice")]
    [InlineData("Alice ")]
    public void EmptyBlankOrPadded_AreRefused(string name) => Assert.False(StakeholderName.Parse("n", name).IsOk);
}
