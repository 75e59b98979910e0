# The build output (out/EcsAdmin/<version>/) as a user installs it, and what importing it costs.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Root = Get-EcsAdminRepoRoot
    $script:Psd1 = Get-EcsAdminModulePath
    $script:Dir = Split-Path -Parent $Psd1
    $script:SourceManifest = Import-PowerShellDataFile (Join-Path $Root 'EcsAdmin.psd1')
}

Describe 'Build output layout' -Tag Unit {
    It 'lives in out/EcsAdmin/ModuleVersion (from EcsAdmin.psd1)' {
        Test-Path -LiteralPath $Psd1 | Should -BeTrue
        Split-Path -Leaf $Dir | Should -Be $SourceManifest.ModuleVersion
        Split-Path -Leaf (Split-Path -Parent $Dir) | Should -Be 'EcsAdmin'
    }

    It 'ships the repository manifest unchanged' {
        (Get-FileHash -LiteralPath $Psd1).Hash | Should -Be (Get-FileHash -LiteralPath (Join-Path $Root 'EcsAdmin.psd1')).Hash
    }

    It 'has a valid manifest whose version is the folder name' {
        $m = Test-ModuleManifest -Path $Psd1 -ErrorAction Stop
        $m.Version.ToString() | Should -Be $SourceManifest.ModuleVersion
    }

    It 'has <File>' -ForEach @(
        @{ File = 'EcsAdmin.dll' }
        @{ File = 'deps/EcsAdmin.Engine.dll' }
        @{ File = 'deps/AWSSDK.Core.dll' }
        @{ File = 'en-US/EcsAdmin.dll-Help.xml' }
    ) {
        Test-Path -LiteralPath (Join-Path $Dir $File) -PathType Leaf | Should -BeTrue
    }

    It 'has every file named in FormatsToProcess and TypesToProcess' {
        foreach ($f in @($SourceManifest['FormatsToProcess']) + @($SourceManifest['TypesToProcess']) | Where-Object { $_ }) {
            Test-Path -LiteralPath (Join-Path $Dir $f) -PathType Leaf | Should -BeTrue -Because "the manifest names $f"
        }
    }

    It 'has no symbols, deps.json or PowerShell reference assemblies' {
        $bad = Get-ChildItem -LiteralPath $Dir -Recurse -File | Where-Object {
            $_.Extension -in '.pdb', '.json' -or $_.Name -like 'System.Management.Automation*' -or $_.Name -like 'PowerShellStandard*'
        }
        @($bad | ForEach-Object Name) | Should -BeNullOrEmpty
    }

    It 'has MAML help with one command entry per exported cmdlet' {
        $helpFile = Join-Path $Dir 'en-US/EcsAdmin.dll-Help.xml'
        [xml] $xml = Get-Content -LiteralPath $helpFile -Raw
        $ns = [Xml.XmlNamespaceManager]::new($xml.NameTable)
        $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $names = @($xml.SelectNodes('//command:command/command:details/command:name', $ns) | ForEach-Object InnerText | Sort-Object)
        $names | Should -Be @($SourceManifest.CmdletsToExport | Sort-Object)
    }
}

Describe 'Importing the module' -Tag Unit {
    BeforeAll {
        # One fresh pwsh for both checks (each start costs seconds of CPU): the assemblies are listed right after the
        # import, before Get-Help reads the MAML.
        $script:Documented = @($SourceManifest.CmdletsToExport | Where-Object { Test-Path -LiteralPath (Join-Path $Root "docs/cmdlets/$_.md") })
        $helpName = if ($script:Documented.Count -gt 0) { $script:Documented[0] } else { '' }
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($Psd1.Replace("'", "''"))'
`$names = [System.Runtime.Loader.AssemblyLoadContext]::All | ForEach-Object { `$_.Assemblies } | ForEach-Object { `$_.GetName().Name }
'AWSSDK=' + (@(`$names | Where-Object { `$_ -like 'AWSSDK*' }) -join ',')
'COMMANDS=' + @(Get-Command -Module EcsAdmin).Count
if ('$helpName') {
    `$h = Get-Help '$helpName' -Full
    'HASMAML=' + [bool](`$h.PSObject.Properties['description'] -and `$h.description)
}
"@
        $script:Fresh = Invoke-FreshPwsh -Command $script
    }

    It 'succeeds in a fresh pwsh and loads no AWSSDK assembly' {
        $r = $script:Fresh
        $r.ExitCode | Should -Be 0 -Because ($r.Output -join "`n")
        $r.Output | Should -Contain 'AWSSDK='
        $r.Output | Where-Object { $_ -like 'COMMANDS=*' } | Should -Be "COMMANDS=$(@($SourceManifest.CmdletsToExport).Count)"
    }

    It 'makes Get-Help read the generated MAML in a fresh pwsh' {
        if ($script:Documented.Count -eq 0) {
            Set-ItResult -Skipped -Because 'no cmdlet has docs/cmdlets/<Verb-Noun>.md yet (the convention tests fail for that)'
            return
        }
        $script:Fresh.ExitCode | Should -Be 0 -Because ($script:Fresh.Output -join "`n")
        $script:Fresh.Output | Should -Contain 'HASMAML=True'
    }
}
