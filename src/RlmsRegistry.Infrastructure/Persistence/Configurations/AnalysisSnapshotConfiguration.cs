using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RlmsRegistry.Application.Analysis;

namespace RlmsRegistry.Infrastructure.Persistence.Configurations;

internal sealed class AnalysisSnapshotConfiguration : IEntityTypeConfiguration<AnalysisSnapshot>
{
    public void Configure(EntityTypeBuilder<AnalysisSnapshot> builder)
    {
        builder.ToTable("AnalysisSnapshots");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Trigger).HasMaxLength(20).IsRequired();
        builder.Property(s => s.TriggeredBy).HasMaxLength(256).IsRequired();
        builder.Property(s => s.DataFingerprint).HasMaxLength(64).IsRequired();
        builder.Property(s => s.EngineVersion).HasMaxLength(200).IsRequired();
        builder.Property(s => s.SettingsJson).IsRequired();
        builder.Property(s => s.CountsJson).IsRequired();
        builder.Property(s => s.ResultsJson).IsRequired();
        builder.HasIndex(s => s.CreatedAt);
    }
}
