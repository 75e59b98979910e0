# Coexistence with AWS.Tools: another AWSSDK.Core generation already loaded, and the other way round.
# Each case runs in a fresh pwsh, since loaded assemblies cannot be unloaded.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    . (Join-Path $PSScriptRoot '../../tools/NuGetPackages.ps1')
    $script:OldCore = Find-NuGetPackageFile -Package 'awssdk.core/3.7.402' -File 'lib/netstandard2.0/AWSSDK.Core.dll'
    if (-not $script:OldCore) {
        & dotnet restore (Join-Path $PSScriptRoot 'PesterHost/PesterHost.csproj') --nologo -v quiet | Out-Null
        $script:OldCore = Find-NuGetPackageFile -Package 'awssdk.core/3.7.402' -File 'lib/netstandard2.0/AWSSDK.Core.dll'
    }
    if (-not $script:OldCore) { throw 'AWSSDK.Core 3.7.402 is not restored (tests/pester/PesterHost/PesterHost.csproj brings it)' }
    $script:Moto = Start-MotoServer
    $script:Module = Get-EcsAdminModulePath
}

AfterAll { Stop-MotoServer -Server $script:Moto }

Describe 'Coexistence with another AWSSDK.Core' {
    # The last two cases start from a fresh process with nothing but EcsAdmin imported; one fresh process (seconds of
    # CPU each) runs them in turn: the load contexts are read after EcsAdmin's first call and before AWSSDK.Core 3.7
    # is loaded, which then must still load and work.
    BeforeAll {
        $cmd = @"
`$ErrorActionPreference = 'Stop'
`$env:AWS_ACCESS_KEY_ID = 'AKIAFIRSTUSE0000EXAM'; `$env:AWS_SECRET_ACCESS_KEY = 'first-use-secret'
Import-Module '$($script:Module)'
`$before = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -like 'AWSSDK*' -or `$_.GetName().Name -eq 'EcsAdmin.Engine' }).Count
New-EcsCluster -Name afterwards -Region us-east-1 -EndpointUrl '$($script:Moto.Url)' | Out-Null
`$default = @([System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies | Where-Object { `$_.GetName().Name -like 'AWSSDK*' }).Count
"IMPORT before=`$before default=`$default"
Add-Type -Path '$($script:OldCore)'
`$creds = [Amazon.Runtime.BasicAWSCredentials]::new('AKIAOLDSDK00000EXAMP', 's')
`$c = Get-EcsCluster afterwards -Region us-east-1 -EndpointUrl '$($script:Moto.Url)'
"RESULT cluster=`$(`$c.Cluster) old=`$([Amazon.Runtime.BasicAWSCredentials].Assembly.GetName().Version) key=`$(`$creds.GetCredentials().AccessKey)"
"@
        $script:ImportedFirst = Invoke-FreshPwsh -Command $cmd
    }

    It 'works when AWSSDK.Core 3.7 is loaded first, and takes that generation''s credentials object' {
        Test-Path -LiteralPath $script:OldCore | Should -BeTrue
        $cmd = @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$($script:OldCore)'
`$old = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'AWSSDK.Core' }
`$creds = [Amazon.Runtime.BasicAWSCredentials]::new('AKIAOLDSDK00000EXAMP', 'old-generation-secret')
Import-Module '$($script:Module)'
New-EcsCluster -Name coexist -Region us-east-1 -EndpointUrl '$($script:Moto.Url)' -Credential `$creds | Out-Null
`$c = Get-EcsCluster coexist -Region us-east-1 -EndpointUrl '$($script:Moto.Url)' -Credential `$creds
`$ours = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'EcsAdmin' | ForEach-Object { `$_.Assemblies } | Where-Object { `$_.GetName().Name -eq 'AWSSDK.Core' }
"RESULT cluster=`$(`$c.Cluster) old=`$(`$old.GetName().Version) ours=`$(`$ours.GetName().Version) oldStillUsable=`$(`$creds.GetCredentials().AccessKey)"
"@
        $r = Invoke-FreshPwsh -Command $cmd
        $line = $r.Output | Where-Object { $_ -like 'RESULT*' }
        $line | Should -Match 'cluster=coexist'
        $line | Should -Match 'old=3\.'
        $line | Should -Match 'ours=4\.'
        $line | Should -Match 'oldStillUsable=AKIAOLDSDK00000EXAMP'
        ($r.Output -join "`n") | Should -Not -Match 'old-generation-secret'
    }

    It 'leaves AWSSDK.Core 3.7 loadable and usable after EcsAdmin has run' {
        $line = $ImportedFirst.Output | Where-Object { $_ -like 'RESULT*' }
        $line | Should -Match 'cluster=afterwards' -Because ($ImportedFirst.Output -join "`n")
        $line | Should -Match 'old=3\.'
        $line | Should -Match 'key=AKIAOLDSDK00000EXAMP'
    }

    It 'loads no AWS assembly on import, and the engine only into its own load context' {
        ($ImportedFirst.Output | Where-Object { $_ -like 'IMPORT*' }) | Should -Be 'IMPORT before=0 default=0' -Because ($ImportedFirst.Output -join "`n")
    }
}
