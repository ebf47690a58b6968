namespace StrongCitiesPortal.Tests;

/// <summary>
/// Waits for something another part of the portal does in its own time (a background loop, a change feed):
/// reads it again every 25 ms until it is as expected, and fails with what it last saw when the time is up.
/// </summary>
public static class Eventually
{
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null, Func<T, string>? describe = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var value = await read();
            if (done(value))
                return value;
            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"{what} did not happen in time; last seen: {(describe is null ? value?.ToString() : describe(value))}");
                return value;
            }
            await Task.Delay(25);
        }
    }
}
