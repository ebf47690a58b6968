using Moq;

namespace StrongCitiesPortal.Tests;

/// <summary>The clock is a true seam: Moq's, reading the test's own "now".</summary>
public static class TestClock
{
    public static TimeProvider Reading(Func<DateTimeOffset> now)
    {
        var clock = new Mock<TimeProvider> { CallBase = true };
        clock.Setup(c => c.GetUtcNow()).Returns(now);
        return clock.Object;
    }
}
