# Finding a file of a restored NuGet package: dot-sourced by build.ps1 (crossgen2), tests/pester/Invoke-PesterSuite.ps1
# (Pester) and tests/pester/Coexistence.Tests.ps1 (an older AWSSDK.Core).

function Find-NuGetPackageFile {
    <#
    The full path of -File inside the restored package -Package ('<id>/<version>', in lower case as NuGet stores it),
    or $null when that package is not restored. The default packages folder ($env:NUGET_PACKAGES, else
    ~/.nuget/packages) is looked in first: `dotnet nuget locals` starts the dotnet CLI (about a second of CPU), so it is
    asked only when the package is not there. A package counts once it has its .nupkg.metadata, which NuGet writes last.
    #>
    param([Parameter(Mandatory)] [string] $Package, [Parameter(Mandatory)] [string] $File)
    $inFolder = {
        param([string] $Folder)
        $path = Join-Path $Folder "$Package/$File"
        if ((Test-Path -LiteralPath $path) -and (Test-Path -LiteralPath (Join-Path $Folder "$Package/.nupkg.metadata"))) { $path }
    }
    $default = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $found = & $inFolder $default
    if ($found) { return $found }
    $lines = @(& dotnet nuget locals global-packages --list 2>$null)
    if ($LASTEXITCODE -ne 0) { return $null }
    $line = @($lines | Where-Object { $_ -match 'global-packages:\s*\S' }) | Select-Object -First 1
    if (-not $line) { return $null }
    $folder = ($line -replace '^.*global-packages:\s*', '').Trim()
    if ($folder -eq $default) { return $null }
    & $inFolder $folder
}
