#Requires -Version 7.2
<#
.SYNOPSIS
    Benchmarks of the built module (build.ps1 -Task Bench runs it). Each prints one `bench:` line of key=value.

.DESCRIPTION
    import: median of 7 runs of `pwsh -NoProfile -c "Import-Module <psd1>"` minus the median of 7 runs of
    `pwsh -NoProfile -c exit` (the import overhead in ms), and how many AWSSDK* assemblies are loaded after
    Import-Module alone (the design says 0: AWS code loads on first use).
#>
[CmdletBinding()]
param(
    [string] $ModulePath,
    [int] $Runs = 7
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'

Import-Module (Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1') -Force
if ($ModulePath) { $env:EcsAdminTestModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath }
$psd1 = Get-EcsAdminModulePath
if (-not (Test-Path -LiteralPath $psd1)) { throw "Built module not found: $psd1 (run ./build.ps1 -Task Build)" }

$pwsh = Get-PwshCommand
$exe = $pwsh[0]
$pre = @($pwsh | Select-Object -Skip 1)

function Measure-Pwsh([string] $Command, [int] $Count) {
    $times = foreach ($i in 1..$Count) {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        & $exe @pre -NoProfile -NonInteractive -Command $Command | Out-Null
        $sw.Stop()
        if ($LASTEXITCODE -ne 0) { throw "pwsh -c '$Command' exited with $LASTEXITCODE" }
        $sw.Elapsed.TotalMilliseconds
    }
    $sorted = @($times | Sort-Object)
    $sorted[[int][Math]::Floor($sorted.Count / 2)]
}

# Warm the disk cache once so the first measured run is not an outlier.
& $exe @pre -NoProfile -NonInteractive -Command "Import-Module '$psd1'" | Out-Null

$quoted = $psd1.Replace("'", "''")
$baseline = Measure-Pwsh 'exit' $Runs
$withImport = Measure-Pwsh "Import-Module '$quoted'" $Runs
$overhead = [Math]::Round($withImport - $baseline, 0)

$probe = "Import-Module '$quoted'; @([System.Runtime.Loader.AssemblyLoadContext]::All | ForEach-Object { `$_.Assemblies } | Where-Object { `$_.GetName().Name -like 'AWSSDK*' }).Count"
$loaded = (& $exe @pre -NoProfile -NonInteractive -Command $probe | Select-Object -Last 1)
if ($LASTEXITCODE -ne 0) { throw "assembly probe exited with $LASTEXITCODE" }

Write-Host ("bench: import_overhead_ms={0} pwsh_start_ms={1} aws_assemblies_loaded_by_import={2}" -f $overhead, [Math]::Round($baseline, 0), "$loaded".Trim())
