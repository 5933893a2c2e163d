resource "azurerm_kubernetes_cluster" "nopolicy" { # fail: cluster
  name                = "aks-nopolicy"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "nopolicy"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
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
    azure_policy {
      enabled = false # fail: cluster
    }
  }
}

