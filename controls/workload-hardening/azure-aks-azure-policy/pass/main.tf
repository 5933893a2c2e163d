resource "azurerm_kubernetes_cluster" "gatekeeper" {
  name                = "aks-gatekeeper"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "gatekeeper"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }

  azure_policy_enabled = true
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
    azure_policy {
      enabled = true
    }
  }
}

