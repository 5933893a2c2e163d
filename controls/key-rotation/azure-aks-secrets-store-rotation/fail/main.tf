resource "azurerm_kubernetes_cluster" "static" {
  name                = "aks-static"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "static"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }


  key_vault_secrets_provider {
    secret_rotation_enabled = false # fail: cluster
  }
}

resource "azurerm_kubernetes_cluster" "legacy" {
  name                = "aks-legacy"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "legacy"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }


  addon_profile {
    azure_keyvault_secrets_provider { # fail: cluster
      enabled = true
    }
  }
}

