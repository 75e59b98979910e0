# House-style conventions (CONTRIBUTING.md), checked against the BUILT module imported into this process.
# Data-driven: each cmdlet (and each of its parameters) is its own test.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:DiscoveryImportError = $null
    $module = $null
    try { $module = Import-EcsAdminUnderTest -PassThru } catch { $script:DiscoveryImportError = "$_" }

    $cmdletCases = @()
    if ($module) {
        $common = @([System.Management.Automation.PSCmdlet]::CommonParameters) +
                  @([System.Management.Automation.PSCmdlet]::OptionalCommonParameters)
        $cmdletCases = @(Get-Command -Module EcsAdmin -CommandType Cmdlet | Sort-Object Name | ForEach-Object {
                @{
                    Name       = $_.Name
                    Parameters = @($_.Parameters.Keys | Where-Object { $_ -notin $common } | Sort-Object | ForEach-Object { @{ Parameter = $_ } })
                }
            })
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:ImportError = $null
    try { $script:Module = Import-EcsAdminUnderTest -PassThru } catch { $script:ImportError = "$_" }

    # Verbs whose cmdlets change state and so must support -WhatIf/-Confirm (ShouldProcess).
    $script:StateChangingVerbs = @(
        'New', 'Set', 'Remove', 'Update', 'Register', 'Unregister', 'Start', 'Stop', 'Restart', 'Invoke',
        'Suspend', 'Resume', 'Add', 'Clear', 'Reset', 'Enable', 'Disable', 'Publish', 'Unpublish', 'Move',
        'Rename', 'Deploy', 'Install', 'Uninstall', 'Edit', 'Grant', 'Revoke', 'Sync', 'Initialize', 'Submit',
        'Approve', 'Deny', 'Complete', 'Lock', 'Unlock', 'Connect', 'Disconnect', 'Write', 'Import', 'Save'
    )
    # These only touch the local, per-runspace default session: no AWS state changes.
    $script:ShouldProcessExempt = @('Connect-EcsSession', 'Disconnect-EcsSession')

    function Get-EcsAdminAssembly {
        $dll = Join-Path (Split-Path -Parent (Get-EcsAdminModulePath)) 'EcsAdmin.dll'
        $full = [IO.Path]::GetFullPath($dll)
        $asm = [AppDomain]::CurrentDomain.GetAssemblies() |
            Where-Object { -not $_.IsDynamic -and $_.Location -and [IO.Path]::GetFullPath($_.Location) -eq $full } |
            Select-Object -First 1
        if (-not $asm) { throw "EcsAdmin.dll from $full is not loaded" }
        $asm
    }

    function Get-HelpText($node) {
        if ($null -eq $node) { return '' }
        (@($node | ForEach-Object { if ($_ -is [string]) { $_ } elseif ($_.PSObject.Properties['Text']) { $_.Text } }) -join "`n").Trim()
    }
}

Describe 'EcsAdmin module' -Tag Unit {
    It 'imports from the build output' {
        $ImportError | Should -BeNullOrEmpty
        $Module | Should -Not -BeNullOrEmpty
    }

    It 'exports exactly the cmdlets listed in CmdletsToExport, and the assembly defines exactly those' {
        $manifest = Import-PowerShellDataFile (Get-EcsAdminModulePath)
        $listed = @($manifest.CmdletsToExport | Sort-Object)
        $listed | Where-Object { $_ -match '[*?]' } | Should -BeNullOrEmpty -Because 'exports are explicit, no wildcards'

        $asm = Get-EcsAdminAssembly
        $defined = @($asm.GetExportedTypes() |
                Where-Object { -not $_.IsAbstract -and $_.IsSubclassOf([System.Management.Automation.Cmdlet]) } |
                ForEach-Object {
                    $attr = [Attribute]::GetCustomAttribute($_, [System.Management.Automation.CmdletAttribute])
                    if ($attr) { "$($attr.VerbName)-$($attr.NounName)" }
                } | Sort-Object)
        $exported = @(Get-Command -Module EcsAdmin -CommandType Cmdlet | ForEach-Object Name | Sort-Object)

        $missingFromAssembly = @($listed | Where-Object { $_ -notin $defined })
        $notListed = @($defined | Where-Object { $_ -notin $listed })
        $missingFromAssembly | Should -BeNullOrEmpty -Because 'every cmdlet the manifest exports must exist in EcsAdmin.dll'
        $notListed | Should -BeNullOrEmpty -Because 'every cmdlet in EcsAdmin.dll must be listed in CmdletsToExport'
        $exported | Should -Be $listed
    }

    It 'exports no functions, aliases or variables by wildcard' {
        $manifest = Import-PowerShellDataFile (Get-EcsAdminModulePath)
        foreach ($key in 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
            $manifest.ContainsKey($key) | Should -BeTrue -Because "$key must be explicit"
            @($manifest[$key]) | Where-Object { $_ -match '[*?]' } | Should -BeNullOrEmpty
        }
    }
}

Describe 'Cmdlet <Name>' -Tag Unit -ForEach $cmdletCases {
    BeforeAll {
        $cmd = Get-Command -Name $Name -Module EcsAdmin
        $help = Get-Help -Name $Name -Full
        # The parameters' help, read once from the full help (Get-Help -Parameter per test re-reads the help: ~40 ms each).
        $helpParameters = @(if ($help.PSObject.Properties['parameters'] -and $help.parameters) { $help.parameters.parameter })
    }

    It 'uses an approved verb' {
        $cmd.Verb | Should -BeIn @(Get-Verb | ForEach-Object Verb)
    }

    It 'uses the Ecs noun prefix' {
        $cmd.Noun | Should -BeLike 'Ecs*'
    }

    It 'supports ShouldProcess if its verb changes state' {
        if ($cmd.Verb -in $StateChangingVerbs -and $Name -notin $ShouldProcessExempt) {
            $attr = [Attribute]::GetCustomAttribute($cmd.ImplementingType, [System.Management.Automation.CmdletAttribute])
            $attr.SupportsShouldProcess | Should -BeTrue -Because "$($cmd.Verb) changes state: -WhatIf/-Confirm are required"
            $cmd.Parameters.ContainsKey('WhatIf') | Should -BeTrue
        }
    }

    It 'asks for High confirmation and offers -Force if it removes something' {
        if ($cmd.Verb -eq 'Remove') {
            $attr = [Attribute]::GetCustomAttribute($cmd.ImplementingType, [System.Management.Automation.CmdletAttribute])
            $attr.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::High) -Because 'irreversible deletes are ConfirmImpact.High'
            $cmd.Parameters.ContainsKey('Force') | Should -BeTrue -Because 'ConfirmImpact.High deletes take -Force for scripts'
        }
    }

    It 'declares [OutputType] with types from EcsAdmin.Models' {
        $types = @($cmd.OutputType)
        $types.Count | Should -BeGreaterThan 0 -Because 'every cmdlet declares what it writes'
        foreach ($t in $types) {
            $t.Type | Should -Not -BeNullOrEmpty -Because "OutputType '$($t.Name)' must resolve to a type"
            $t.Type.Assembly.GetName().Name | Should -Be 'EcsAdmin'
            $t.Type.Namespace | Should -Be 'EcsAdmin.Models'
        }
    }

    It 'has a format view for every output type' {
        foreach ($t in @($cmd.OutputType | Where-Object Type)) {
            $fd = Get-FormatData -TypeName $t.Type.FullName -ErrorAction SilentlyContinue
            $fd | Should -Not -BeNullOrEmpty -Because "$($t.Type.FullName) needs a view in EcsAdmin.format.ps1xml"
        }
    }

    It 'takes pipeline input in every parameter set' {
        foreach ($set in $cmd.ParameterSets) {
            $piped = @($set.Parameters | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName })
            $piped.Count | Should -BeGreaterThan 0 -Because "parameter set '$($set.Name)' needs a pipeline parameter"
        }
    }

    It 'has a synopsis' {
        $synopsis = "$($help.Synopsis)".Trim()
        $synopsis | Should -Not -BeNullOrEmpty
        $synopsis | Should -Not -Match '\[<CommonParameters>\]' -Because 'an auto-generated synopsis means there is no help (docs/cmdlets/<Verb-Noun>.md)'
    }

    It 'has a description' {
        Get-HelpText $help.description | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples' {
        $examples = @(if ($help.PSObject.Properties['examples'] -and $help.examples) { $help.examples.example })
        $examples.Count | Should -BeGreaterOrEqual 2
    }

    It 'has examples whose code parses' {
        $examples = @(if ($help.PSObject.Properties['examples'] -and $help.examples) { $help.examples.example })
        foreach ($ex in $examples) {
            $code = "$($ex.code)"
            $code.Trim() | Should -Not -BeNullOrEmpty -Because "example '$($ex.title)' needs code"
            $tokens = $null; $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput($code, [ref] $tokens, [ref] $errors)
            @($errors | ForEach-Object { $_.Message }) | Should -BeNullOrEmpty -Because "example '$($ex.title)' must parse"
        }
    }

    It 'documents parameter -<Parameter>' -ForEach $Parameters {
        $p = @($helpParameters | Where-Object { $_ -and $_.name -eq $Parameter })
        $p | Should -Not -BeNullOrEmpty
        Get-HelpText $p.description | Should -Not -BeNullOrEmpty -Because "-$Parameter needs text under '### -$Parameter' in docs/cmdlets/$Name.md (or _common-parameters.md)"
    }
}

Describe 'Build output whitelist' -Tag Unit {
    It 'contains only the manifest, EcsAdmin.dll, format/types files, MAML and about_ help, deps/*.dll and their ReadyToRun copies' {
        $dir = Split-Path -Parent (Get-EcsAdminModulePath)
        $allowedTop = @('EcsAdmin.psd1', 'EcsAdmin.dll', 'EcsAdmin.format.ps1xml', 'EcsAdmin.types.ps1xml', 'en-US/EcsAdmin.dll-Help.xml')
        $unexpected = foreach ($f in Get-ChildItem -LiteralPath $dir -Recurse -File -Force) {
            $rel = [IO.Path]::GetRelativePath($dir, $f.FullName) -replace '\\', '/'
            if ($rel -in $allowedTop) { continue }
            if ($rel -match '^en-US/about_[A-Za-z]+\.help\.txt$') { continue }
            if ($rel -match '^deps/[^/]+\.dll$' -and
                $f.BaseName -ne 'EcsAdmin' -and
                $f.BaseName -notlike 'System.Management.Automation*' -and
                $f.BaseName -notlike 'Microsoft.PowerShell.*') { continue }
            # The loader prefers deps/r2r/net<major>.0-<rid>/ (ahead-of-time compiled copies for a faster first
            # call): allowed only as a copy of a dll that deps/ itself ships.
            if ($rel -match '^deps/r2r/net\d+\.0-[a-z0-9-]+/([^/]+\.dll)$' -and
                (Test-Path -LiteralPath (Join-Path $dir ('deps/' + $Matches[1])))) { continue }
            $rel
        }
        @($unexpected) | Should -BeNullOrEmpty
    }
}
