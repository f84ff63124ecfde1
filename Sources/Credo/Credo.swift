// The umbrella module: `import Credo` brings in every layer of the library.
@_exported import CredoAgents
@_exported import CredoCheckpoint
@_exported import CredoDistributed
@_exported import CredoDistributions
@_exported import CredoEnvironments
@_exported import CredoNN
@_exported import CredoPlot
@_exported import CredoRun
@_exported import CredoSCG
@_exported import CredoTensor
