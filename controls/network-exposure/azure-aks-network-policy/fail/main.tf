resource "azurerm_kubernetes_cluster" "kubenet" { # fail: cluster
  name                = "aks-kubenet"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "kubenet"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }

}

resource "azurerm_kubernetes_cluster" "nopolicy" {
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


  network_profile { # fail: cluster
    network_plugin = "azure"
  }
}

