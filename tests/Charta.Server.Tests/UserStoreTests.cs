using System.Text;

namespace Charta.Server.Tests;

/// <summary>Tokens: shown once, only a salted hash kept, checked in constant time; roles and holders as documented.</summary>
public sealed class Users_Tokens_Are_Hashed : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"charta-users-{Guid.NewGuid():N}.users");

    [Fact]
    public void The_token_verifies_and_is_not_stored()
    {
        var users = new UserStore(_path);
        var token = users.Add("Jane", Role.Counsel, null, DateTimeOffset.UnixEpoch).Value;
        Assert.StartsWith("charta_", token, StringComparison.Ordinal);
        Assert.Equal(new User(token.Split('_')[1], "Jane", Role.Counsel, null), users.Verify(token));
        // The secret (after the second '_') appears nowhere in the file, not even in the write-ahead log.
        var secret = token[(token.IndexOf('_', "charta_".Length) + 1)..];
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _path, _path + "-wal" }.Where(File.Exists))
            Assert.DoesNotContain(secret, Encoding.Latin1.GetString(File.ReadAllBytes(f)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_or_malformed_token_is_nobody()
    {
        var users = new UserStore(_path);
        var token = users.Add("Jane", Role.Viewer, null, DateTimeOffset.UnixEpoch).Value;
        var last = token[^1] == 'A' ? 'B' : 'A';
        Assert.Null(users.Verify(token[..^1] + last));
        Assert.Null(users.Verify("charta_"));
        Assert.Null(users.Verify("not-a-token"));
        Assert.Null(users.Verify("charta_ffffffffffffffff_" + token.Split('_', 3)[2]));
    }

    [Fact]
    public void A_token_verified_a_moment_ago_does_not_let_a_wrong_secret_in()
    {
        var users = new UserStore(_path);
        var token = users.Add("Jane", Role.Viewer, null, DateTimeOffset.UnixEpoch).Value;
        Assert.Equal("Jane", users.Verify(token)!.Name);           // verified: now remembered for a few seconds
        var last = token[^1] == 'A' ? 'B' : 'A';
        Assert.Null(users.Verify(token[..^1] + last));              // same id, another secret: still asks the store, still nobody
        Assert.Null(users.Verify(token + "x"));
        Assert.Equal("Jane", users.Verify(token)!.Name);           // the remembered answer is the store's
    }

    [Fact]
    public void Two_users_with_one_secret_length_get_different_salts_and_tokens()
    {
        var users = new UserStore(_path);
        var a = users.Add("A", Role.Admin, null, DateTimeOffset.UnixEpoch).Value;
        var b = users.Add("B", Role.Admin, null, DateTimeOffset.UnixEpoch).Value;
        Assert.NotEqual(a, b);
        Assert.Equal("A", users.Verify(a)!.Name);
        Assert.Equal("B", users.Verify(b)!.Name);
    }

    [Fact]
    public void Roles_and_holders_are_checked()
    {
        var users = new UserStore(_path);
        Assert.Equal("--holder", users.Add("S", Role.Stockholder, null, DateTimeOffset.UnixEpoch).Refusal!.Field);
        Assert.Equal("--holder", users.Add("V", Role.Viewer, "Alice", DateTimeOffset.UnixEpoch).Refusal!.Field);
        Assert.Equal("--role", UserStore.ParseRole("owner").Refusal!.Field);
        Assert.True(users.Add("S", Role.Stockholder, "Alice", DateTimeOffset.UnixEpoch).IsOk);
        Assert.Equal("NAME", users.Add("S", Role.Viewer, null, DateTimeOffset.UnixEpoch).Refusal!.Field);   // names are unique
        var s = new User("x", "S", Role.Stockholder, "Alice");
        Assert.True(s.CanSeeHolder("Alice"));
        Assert.False(s.CanSeeHolder("Bob"));
        Assert.False(s.CanWrite);
        Assert.True(new User("y", "C", Role.Counsel, null).CanWrite);
        Assert.False(new User("z", "V", Role.Viewer, null).CanWrite);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _path, _path + "-wal", _path + "-shm" }) File.Delete(f);
    }
}
