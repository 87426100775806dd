using System.Collections.Immutable;
using Charta.Core.Ledger;
using Xunit;

namespace Charta.Core.Tests.Ledger;

/// <summary>
/// Issue 9 item 5: the large parts of a state restored from a snapshot are read only when needed. An append to a
/// history (a §6(d)(iv) issue step) leaves the earlier items unread; a map read by key answers for one key, and its
/// changes made by key are seen by later look-ups and by the whole map once it is read.
/// </summary>
public sealed class Snapshot_PartsReadByKey
{
    [Fact]
    public void AnAppendToAnUnreadHistory_DoesNotReadIt_AndTheWholeListHasEveryItemInOrder()
    {
        var reads = 0;
        var restored = AppendList<string>.Lazy(3, () => { reads++; return ["a", "b", "c"]; }, source: "section");
        var appended = restored.Add("d").Add("e");
        Assert.Equal(0, reads);
        Assert.Equal(5, appended.Count);
        Assert.Equal("e", appended[4]);                 // an appended item: still unread
        Assert.Equal(0, reads);
        Assert.Equal("section", restored.UnloadedSource); // the restored list is unchanged: written back as read
        Assert.Null(appended.UnloadedSource);             // the appended one is not
        Assert.Equal(["a", "b", "c", "d", "e"], appended);
        Assert.Equal(1, reads);
        Assert.Equal(["a", "b", "c"], restored);
        Assert.Equal(["a", "b", "c", "x"], restored.Add("x")); // a fork copies its prefix
        Assert.Equal(["a", "b", "c", "d", "e"], appended);
    }

    [Fact]
    public void AMapReadByKey_AnswersForOneKey_AndItsChangesAreInTheWholeMap()
    {
        var reads = 0;
        var all = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string> { ["G-1"] = "one", ["G-2"] = "two" });
        var part = Deferred<ImmutableDictionary<string, string>>.Keyed(() => { reads++; return all; }, m => m,
            key => all.GetValueOrDefault((string)key), all.Count);
        Assert.Equal("two", part.Find<string, string>("G-2"));
        Assert.Null(part.Find<string, string>("G-3"));
        Assert.Equal(2, part.KnownCount);
        var changed = DeferredMap.Overlay(part, ImmutableDictionary.CreateRange(StringComparer.Ordinal,
            new Dictionary<string, string> { ["G-2"] = "two, exercised", ["G-3"] = "three" }), added: 1);
        Assert.Equal("two, exercised", changed.Find<string, string>("G-2"));
        Assert.Equal("one", changed.Find<string, string>("G-1"));
        Assert.Equal(3, changed.KnownCount);             // 2 + 1 new id
        Assert.Equal(0, reads);
        Assert.Equal(["G-1:one", "G-2:two, exercised", "G-3:three"], changed.Value.Select(x => $"{x.Key}:{x.Value}").Order(StringComparer.Ordinal));
        Assert.Equal(1, reads);
    }
}
