using System.Net.Http.Headers;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Ledger;
using Microsoft.AspNetCore.Builder;

namespace Charta.Server.Tests;

/// <summary>
/// A real server on a free loopback port over a real SQLite ledger in a temporary folder: the illustrative company
/// (Juniper's terms) plus two small common holders, Alice and Bob, and one user per role.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string Alice = "Alice Holder";
    public const string Bob = "Bob Holder";

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "charta-server-" + Guid.NewGuid().ToString("N"));

    public string LedgerPath => Path.Combine(Dir, "ledger.db");

    public WebApplication App { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    public UserStore Users { get; private set; } = null!;

    public Dictionary<string, string> Tokens { get; } = [];

    /// <summary>Every holder name in the ledger, to check that a stockholder's responses name no one else.</summary>
    public IReadOnlyList<string> HolderNames { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Dir);
        var charter = CharterLoader.LoadEmbedded(CharterLoader.DefaultCharterId);
        var start = new DateOnly(1996, 2, 6);
        using (var store = SqliteEventStore.Open(LedgerPath, create: true))
        {
            var ledger = new CompanyLedger(store, TimeProvider.System);
            var events = IllustrativeCompany.Events(charter, CharterLoader.EmbeddedText(charter.Id)).ToList();
            events.Add(new StakeholderAdded(start, Alice, "individual"));
            events.Add(new StakeholderAdded(start, Bob, "individual"));
            events.Add(new SharesIssued(start, Alice, "common", 100_000, 0.01m));
            events.Add(new SharesIssued(start, Bob, "common", 200_000, 0.01m));
            var table = ledger.Append(events);
            Assert.True(table.IsOk, table.Refusal?.ToString());
            HolderNames = table.Value.Holders;
        }

        Users = new UserStore(UserStore.PathFor(LedgerPath));
        foreach (var (name, role, holder) in new (string, Role, string?)[]
                 {
                     ("admin", Role.Admin, null), ("counsel", Role.Counsel, null), ("viewer", Role.Viewer, null),
                     ("alice", Role.Stockholder, Alice), ("bob", Role.Stockholder, Bob),
                 })
            Tokens[name] = Users.Add(name, role, holder, DateTimeOffset.UtcNow).Value;

        App = ChartaServer.Build(new ServerOptions(LedgerPath, 0, TimeProvider.System));
        await App.StartAsync();
        Address = ChartaServer.Address(App);
    }

    public HttpClient Client(string? user)
    {
        var c = new HttpClient { BaseAddress = Address };
        if (user is not null) c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens[user]);
        return c;
    }

    public async Task DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
