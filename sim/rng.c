/* rng.c - Philox4x32-10 as a GSL generator, positioned by address. */
#include "rng.h"

#include <Random123/philox.h>
#include <Random123/gsl_microrng.h>

GSL_MICRORNG(uhisim_philox, philox4x32);

gsl_rng *rng_create(void)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_uhisim_philox);
    if (r != NULL) {
        philox4x32_ctr_t c = {{0, 0, 0, 0}};
        philox4x32_key_t k = {{0, 0}};
        uhisim_philox_reset(r, c, k);
    }
    return r;
}

uint64_t rng_hash64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

RngKey rng_key(uint64_t seed)
{
    uint64_t h = rng_hash64(seed);
    return (RngKey){{(uint32_t)h, (uint32_t)(h >> 32)}};
}

double rng_uniform_at(RngKey key, RngStream stream, uint32_t month, uint32_t agent)
{
    philox4x32_key_t k = {{key.v[0], key.v[1]}};
    philox4x32_ctr_t c = {{agent, month, (uint32_t)stream, 0}};
    philox4x32_ctr_t r = philox4x32(c, k);
    return r.v[3] / 4294967296.0; /* GSL_MICRORNG hands out v[3] first */
}

void rng_seek(gsl_rng *r, uint64_t seed, RngStream stream, uint32_t month, uint32_t agent)
{
    RngKey key = rng_key(seed);
    philox4x32_key_t k = {{key.v[0], key.v[1]}};
    /* the last word is the draw index, owned by the GSL_MICRORNG wrapper */
    philox4x32_ctr_t c = {{agent, month, (uint32_t)stream, 0}};
    uhisim_philox_reset(r, c, k);
}
