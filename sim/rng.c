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

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

/* One Philox4x32 round on eight counters: Random123's round with the
 * 32 x 32 -> 64-bit products of even and odd lanes done by vpmuludq. */
#define PHILOX8_ROUND(c0, c1, c2, c3, k0v, k1v)                                                    \
    do {                                                                                           \
        __m256i pe0 = _mm256_mul_epu32(c0, m0), po0 = _mm256_mul_epu32(_mm256_srli_epi64(c0, 32), m0); \
        __m256i pe1 = _mm256_mul_epu32(c2, m1), po1 = _mm256_mul_epu32(_mm256_srli_epi64(c2, 32), m1); \
        __m256i hi0 = _mm256_blend_epi32(_mm256_srli_epi64(pe0, 32), po0, 0xAA);                   \
        __m256i hi1 = _mm256_blend_epi32(_mm256_srli_epi64(pe1, 32), po1, 0xAA);                   \
        c0 = _mm256_xor_si256(_mm256_xor_si256(hi1, c1), k0v);                                     \
        c1 = _mm256_blend_epi32(pe1, _mm256_slli_epi64(po1, 32), 0xAA);                            \
        c2 = _mm256_xor_si256(_mm256_xor_si256(hi0, c3), k1v);                                     \
        c3 = _mm256_blend_epi32(pe0, _mm256_slli_epi64(po0, 32), 0xAA);                            \
    } while (0)

/* Philox4x32-10 on sixteen counters {agent[l], month, stream, 0}, as two
 * independent sets of eight so that one set's multiplies hide the other's
 * latency. Writes each counter's v[3], the word rng_uniform_at() uses. */
__attribute__((target("avx2"))) static void philox16_avx2(uint32_t k0, uint32_t k1,
                                                           const uint32_t *agent, uint32_t month,
                                                           uint32_t stream, uint32_t *out)
{
    const __m256i m0 = _mm256_set1_epi32((int)PHILOX_M4x32_0);
    const __m256i m1 = _mm256_set1_epi32((int)PHILOX_M4x32_1);
    __m256i a0 = _mm256_loadu_si256((const __m256i *)(const void *)agent);
    __m256i b0 = _mm256_loadu_si256((const __m256i *)(const void *)(agent + 8));
    __m256i a1 = _mm256_set1_epi32((int)month), b1 = a1;
    __m256i a2 = _mm256_set1_epi32((int)stream), b2 = a2;
    __m256i a3 = _mm256_setzero_si256(), b3 = a3;
    for (int round = 0; round < 10; round++) {
        const __m256i k0v = _mm256_set1_epi32((int)k0), k1v = _mm256_set1_epi32((int)k1);
        PHILOX8_ROUND(a0, a1, a2, a3, k0v, k1v);
        PHILOX8_ROUND(b0, b1, b2, b3, k0v, k1v);
        k0 += PHILOX_W32_0;
        k1 += PHILOX_W32_1;
    }
    _mm256_storeu_si256((__m256i *)(void *)out, a3);
    _mm256_storeu_si256((__m256i *)(void *)(out + 8), b3);
}
#endif

void rng_uniforms(RngKey key, RngStream stream, uint32_t month, const uint32_t *agent, int count,
                  double *u)
{
    int j = 0;
#if defined(__x86_64__) || defined(__i386__)
    if (__builtin_cpu_supports("avx2")) {
        uint32_t bits[16];
        for (; j + 16 <= count; j += 16) {
            philox16_avx2(key.v[0], key.v[1], agent + j, month, (uint32_t)stream, bits);
            for (int l = 0; l < 16; l++)
                u[j + l] = bits[l] / 4294967296.0;
        }
    }
#endif
    for (; j < count; j++)
        u[j] = rng_uniform_at(key, stream, month, agent[j]);
}

void rng_seek(gsl_rng *r, uint64_t seed, RngStream stream, uint32_t month, uint32_t agent)
{
    RngKey key = rng_key(seed);
    philox4x32_key_t k = {{key.v[0], key.v[1]}};
    /* the last word is the draw index, owned by the GSL_MICRORNG wrapper */
    philox4x32_ctr_t c = {{agent, month, (uint32_t)stream, 0}};
    uhisim_philox_reset(r, c, k);
}
