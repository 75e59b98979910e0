# Packaging: build.ps1 -Task Package makes a gallery-ready .nupkg; it installs from a local folder
# repository with PSResourceGet and imports.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Root = Get-EcsAdminRepoRoot
    $script:Temp = Join-Path ([IO.Path]::GetTempPath()) ('ecsadmin-pkgtest-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $script:Temp
    $manifest = Import-PowerShellDataFile (Join-Path $script:Root 'EcsAdmin.psd1')
    $script:Version = $manifest.ModuleVersion
    $script:Exports = @($manifest.CmdletsToExport)
    $r = Invoke-FreshPwsh -Command "& '$(Join-Path $script:Root 'build.ps1')' -Task Package -SkipBuild"
    $script:PackageOutput = $r.Output -join "`n"
    $script:Nupkg = Join-Path $script:Root "out/packages/EcsAdmin.$($script:Version).nupkg"
}

AfterAll { Remove-Item -LiteralPath $script:Temp -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'Package' {
    It 'writes out/packages/EcsAdmin.<version>.nupkg' {
        Test-Path -LiteralPath $script:Nupkg | Should -BeTrue -Because $script:PackageOutput
    }

    It 'carries the manifest metadata, the license and the release notes' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($script:Nupkg)
        try {
            $names = $zip.Entries.FullName
            $names | Should -Contain 'EcsAdmin.psd1'
            $names | Should -Contain 'EcsAdmin.dll'
            $names | Should -Contain 'LICENSE'
            $names | Where-Object { $_ -like 'deps/AWSSDK.Core.dll' } | Should -Not -BeNullOrEmpty
            $nuspec = $zip.Entries | Where-Object FullName -like '*.nuspec'
            $reader = [IO.StreamReader]::new($nuspec.Open())
            $xml = $reader.ReadToEnd(); $reader.Dispose()
            $xml | Should -Match '<projectUrl>'
            $xml | Should -Match '<tags>.*ECS'
            $xml | Should -Match '<releaseNotes>'
        } finally { $zip.Dispose() }
    }

    It 'installs from a local folder repository and imports with every export' {
        $repo = Join-Path $script:Temp 'repo'
        $dest = Join-Path $script:Temp 'modules'
        $null = New-Item -ItemType Directory -Path $repo, $dest
        Copy-Item -LiteralPath $script:Nupkg -Destination $repo
        $cmd = @"
`$ErrorActionPreference = 'Stop'
`$name = 'EcsAdminPkgTest' + [guid]::NewGuid().ToString('N').Substring(0, 6)
Register-PSResourceRepository -Name `$name -Uri '$repo' -Trusted
try {
    Save-PSResource -Name EcsAdmin -Repository `$name -Path '$dest' -TrustRepository -SkipDependencyCheck
} finally { Unregister-PSResourceRepository -Name `$name }
Import-Module (Join-Path '$dest' 'EcsAdmin')
"RESULT version=`$((Get-Module EcsAdmin).Version) count=`$((Get-Command -Module EcsAdmin).Count)"
"@
        $r = Invoke-FreshPwsh -Command $cmd
        $line = $r.Output | Where-Object { $_ -like 'RESULT*' }
        $line | Should -Be "RESULT version=$($script:Version) count=$($script:Exports.Count)" -Because ($r.Output -join "`n")
    }
}
