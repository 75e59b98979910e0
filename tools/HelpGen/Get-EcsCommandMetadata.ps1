#Requires -Version 5.1
<#
.SYNOPSIS
    Imports a built module and writes its cmdlets' metadata (parameter sets, parameters, output types) as JSON.

.DESCRIPTION
    Run in a FRESH PowerShell process (a binary module cannot be unloaded): New-EcsMamlHelp.ps1 starts it as a
    child process. The JSON is an array of commands:
      Name, Verb, Noun, DefaultParameterSet, SupportsShouldProcess, OutputTypes[],
      ParameterSets[]: Name, IsDefault, Parameters[]: Name, TypeName, TypeFullName, IsSwitch, IsMandatory,
                       Position (-1 = named), ValueFromPipeline, ValueFromPipelineByPropertyName,
                       ValueFromRemainingArguments, Aliases[]
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutFile
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

try {
    $module = Import-Module -Name $ModulePath -PassThru -Force -ErrorAction Stop
} catch {
    # The cmdlet metadata lives in the root assembly; a manifest problem (say, a missing format file) must not
    # cost the help. The convention and build tests report the manifest problem itself.
    $rootModule = (Import-PowerShellDataFile -LiteralPath $ModulePath).RootModule
    $dll = Join-Path (Split-Path -Parent $ModulePath) $rootModule
    Write-Warning "Importing $ModulePath failed ($($_.Exception.Message)); reading cmdlets from $dll directly."
    $module = Import-Module -Name $dll -PassThru -Force -ErrorAction Stop
}
$common = @([System.Management.Automation.PSCmdlet]::CommonParameters) +
          @([System.Management.Automation.PSCmdlet]::OptionalCommonParameters)

function Get-DisplayTypeName([type] $Type) {
    if ($Type.IsArray) { return (Get-DisplayTypeName $Type.GetElementType()) + '[]' }
    if ($Type.IsGenericType) {
        $typeArgs = @($Type.GetGenericArguments() | ForEach-Object { Get-DisplayTypeName $_ })
        return ($Type.Name -replace '`\d+$', '') + '[' + ($typeArgs -join ', ') + ']'
    }
    return $Type.Name
}

$commands = foreach ($cmd in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) {
    $sets = foreach ($set in $cmd.ParameterSets) {
        $params = foreach ($p in $set.Parameters) {
            if ($p.Name -in [System.Management.Automation.PSCmdlet]::CommonParameters) { continue }
            [ordered]@{
                Name                            = $p.Name
                TypeName                        = Get-DisplayTypeName $p.ParameterType
                TypeFullName                    = $p.ParameterType.FullName
                IsSwitch                        = ($p.ParameterType -eq [System.Management.Automation.SwitchParameter])
                IsMandatory                     = $p.IsMandatory
                Position                        = $(if ($p.Position -lt 0) { -1 } else { $p.Position })
                ValueFromPipeline               = $p.ValueFromPipeline
                ValueFromPipelineByPropertyName = $p.ValueFromPipelineByPropertyName
                ValueFromRemainingArguments     = $p.ValueFromRemainingArguments
                Aliases                         = @($p.Aliases)
                IsCommon                        = ($p.Name -in $common)
            }
        }
        [ordered]@{
            Name       = $set.Name
            IsDefault  = $set.IsDefault
            Parameters = @($params)
        }
    }
    [ordered]@{
        Name                  = $cmd.Name
        Verb                  = $cmd.Verb
        Noun                  = $cmd.Noun
        DefaultParameterSet   = $cmd.DefaultParameterSet
        SupportsShouldProcess = ($cmd.Parameters.ContainsKey('WhatIf'))
        OutputTypes           = @($cmd.OutputType | ForEach-Object { if ($_.Type) { $_.Type.FullName } else { $_.Name } })
        ParameterSets         = @($sets)
    }
}

ConvertTo-Json -InputObject @($commands) -Depth 8 | Set-Content -LiteralPath $OutFile -Encoding utf8
