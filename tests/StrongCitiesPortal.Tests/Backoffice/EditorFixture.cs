namespace StrongCitiesPortal.Tests.Backoffice;

/// <summary>A fixture with a backoffice portal of its own (a fresh database named after <paramref name="hint"/>) and an Editor signed in.</summary>
public abstract class EditorFixture(string hint, IReadOnlyDictionary<string, string?>? settings = null)
{
    protected BackofficePortal Portal { get; private set; } = null!;
    protected HttpClient Editor { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartPortalAsync()
    {
        Portal = await BackofficePortal.StartAsync(hint, settings);
        Editor = await Portal.SignInAsync(BackofficePortal.Editor);
    }

    [OneTimeTearDown]
    public async Task StopPortalAsync()
    {
        Editor.Dispose();
        await Portal.DisposeAsync();
    }
}
